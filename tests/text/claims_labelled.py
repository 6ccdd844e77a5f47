"""Sentences labelled by hand with the claims they make, to measure claim suggestions.

Each case: the sentence, the set of (platform, status) it says, and the group it tests. The
labels say what a careful reader takes from the sentence, not what the engine happens to do,
so a few cases are known misses (counted in the figures, not hidden). Written for this set;
facts are public, wording our own.

How the labels decide the hard cases:
- A cue belongs to the platform it is said of: in "S-400 की खेप और Su-30 MKI का उन्नयन"
  the consignment is the S-400's, the upgrade the Su-30 MKI's.
- A list like "the S-400 and the Su-30 MKI upgrade" puts the upgrade on the Su-30 MKI alone.
- Future tense says what is under way, not what is done: "will be delivered next year" is
  *in_delivery*, "will sign the contract" is *negotiating*, "could be cancelled" is no
  cancellation.
- Negation says what the statement still says: "not yet handed over" is *in_delivery*,
  "supplies have not resumed" is *stalled*, "was not discussed" says nothing.
- A sentence about another platform (T-90, J-20, Rafale) says nothing about ours.
"""

# Keys are the platforms a test Matcher knows; राजनाथ सिंह is a person, not a platform.
ALIASES = [
    ("s400", "S-400"), ("s400", "एस-400"),
    ("su30", "Su-30 MKI"), ("su30", "एसयू-30 एमकेआई"), ("su30", "सुखोई-30 एमकेआई"),
    ("rajnath", "राजनाथ सिंह"),
]
PLATFORMS = {"s400", "su30"}

CASES: list[tuple[str, set[tuple[str, str]], str]] = [
    # --- one platform, English
    ("The S-400 contract was signed in New Delhi in October 2018.", {("s400", "contracted")}, "one"),
    ("The first S-400 squadron was handed over to the air force in December 2021.",
     {("s400", "delivered")}, "one"),
    ("India is negotiating a follow-on order for more S-400 units.", {("s400", "negotiating")}, "one"),
    ("The Su-30 MKI upgrade was cleared by the Defence Acquisition Council.",
     {("su30", "upgrade")}, "one"),
    ("Moscow and New Delhi discussed the S-400 at length.", {("s400", "discussed")}, "one"),
    ("India plans to buy more S-400 systems.", {("s400", "proposed")}, "one"),
    ("Talks on the S-400 went on in Moscow for two days.", {("s400", "discussed")}, "one"),
    ("S-400 deliveries have slipped behind schedule.", {("s400", "stalled")}, "one"),
    ("The S-400 order was scrapped in this imagined case.", {("s400", "cancelled")}, "one"),
    # --- one platform, Hindi
    ("एस-400 की चौथी स्क्वाड्रन वायुसेना को सौंपी गई।", {("s400", "delivered")}, "one"),
    ("एस-400 सौदे पर 2018 में हस्ताक्षर हुए थे।", {("s400", "contracted")}, "one"),
    ("एस-400 की आपूर्ति में देरी हो रही है।", {("s400", "stalled")}, "one"),
    ("सुखोई-30 एमकेआई बेड़े के उन्नयन को मंजूरी मिल गई।", {("su30", "upgrade")}, "one"),
    ("भारत और अधिक एस-400 खरीदने पर विचार कर रहा है।", {("s400", "proposed")}, "one"),
    ("एस-400 को लेकर दोनों देशों के बीच बातचीत हुई।", {("s400", "discussed")}, "one"),
    ("एस-400 की बची हुई खेप का इंतजार है।", {("s400", "in_delivery")}, "one"),
    ("राजनाथ सिंह ने एस-400 की आपूर्ति का मुद्दा उठाया।", {("s400", "in_delivery")}, "one"),
    # --- two platforms in one sentence
    ("S-400 deliveries resumed while the Su-30 MKI upgrade stayed on paper.",
     {("s400", "in_delivery"), ("su30", "upgrade")}, "two"),
    ("The Su-30 MKI upgrade was discussed next to the S-400 deliveries.",
     {("su30", "upgrade"), ("s400", "in_delivery")}, "two"),
    ("एस-400 की आपूर्ति और सुखोई-30 एमकेआई के उन्नयन पर चर्चा हुई।",
     {("s400", "in_delivery"), ("su30", "upgrade")}, "two"),
    ("Su-30 MKI जेट के अपग्रेड के साथ एस-400 की बाकी खेप पर भी बात हुई।",
     {("su30", "upgrade"), ("s400", "in_delivery")}, "two"),
    ("The S-400 has been delivered faster than the Su-30 MKI upgrade has moved.",
     {("s400", "delivered"), ("su30", "upgrade")}, "two"),
    ("Unlike the S-400, the Su-30 MKI has been upgraded.", {("su30", "upgrade")}, "two"),
    ("Russia supplied the S-400, and HAL will upgrade the Su-30 MKI.",
     {("s400", "delivered"), ("su30", "upgrade")}, "two"),
    ("The S-400 contract and the Su-30 MKI upgrade were both on the agenda.",
     {("s400", "contracted"), ("su30", "upgrade")}, "two"),
    ("एस-400 के बाद अब सुखोई-30 एमकेआई का उन्नयन प्राथमिकता है।", {("su30", "upgrade")}, "two"),
    ("The S-400 arrived years ago; the Su-30 MKI upgrade is still awaited.",
     {("su30", "upgrade")}, "two"),
    ("When the S-400 was ordered, the Su-30 MKI fleet was already flying.",
     {("s400", "contracted")}, "two"),
    ("Delivery of the remaining S-400 squadrons came up, next to an overhaul of the Su-30 MKI fleet.",
     {("s400", "in_delivery"), ("su30", "upgrade")}, "two"),
    ("S-400 batteries guard the north while Su-30 MKI squadrons await their upgrade.",
     {("su30", "upgrade")}, "two"),
    ("The S-400 and the Su-30 MKI upgrade were both discussed.",
     {("s400", "discussed"), ("su30", "upgrade")}, "two"),  # known miss: the bare S-400
    ("Both the S-400 and the Su-30 MKI were delivered by Russia.",
     {("s400", "delivered"), ("su30", "delivered")}, "two"),  # known miss: the bare S-400
    ("The Su-30 MKI was delivered long ago, but the S-400 is still arriving.",
     {("su30", "delivered"), ("s400", "in_delivery")}, "two"),  # "arriving" is no cue
    ("सुखोई-30 एमकेआई के उन्नयन की तरह एस-400 की आपूर्ति भी धीमी है।",
     {("su30", "upgrade"), ("s400", "in_delivery")}, "two"),
    ("एस-400 और एसयू-30 एमकेआई अपग्रेड पर जोर दिया गया।", {("su30", "upgrade")}, "two"),
    ("The S-400, which India ordered in 2018, is now partly in service.",
     {("s400", "contracted")}, "two"),
    ("एस-400, जिसका करार 2018 में हुआ था, अब आंशिक रूप से तैनात है।",
     {("s400", "contracted")}, "two"),
    ("The Su-30 MKI fleet, built under licence by HAL, is due for an upgrade.",
     {("su30", "upgrade")}, "two"),
    # --- negation
    ("The last two S-400 squadrons have not been delivered yet.", {("s400", "in_delivery")}, "negation"),
    ("The S-400 follow-on contract has not been signed yet.", {("s400", "negotiating")}, "negation"),
    ("एस-400 की बाकी दो स्क्वाड्रन अब तक नहीं सौंपी गईं।", {("s400", "in_delivery")}, "negation"),
    ("एस-400 की आपूर्ति रुकी नहीं है।", {("s400", "in_delivery")}, "negation"),
    ("There was no delay in the S-400 deliveries this year.", {("s400", "in_delivery")}, "negation"),
    ("The Su-30 MKI upgrade has not been cancelled.", {("su30", "upgrade")}, "negation"),
    ("सुखोई-30 एमकेआई के उन्नयन पर अभी कोई अनुबंध नहीं हुआ है।", {("su30", "upgrade")}, "negation"),
    ("India did not discuss the S-400 at the summit.", set(), "negation"),
    ("S-400 supplies have not resumed since the war began.", {("s400", "stalled")}, "negation"),
    ("एस-400 की आपूर्ति अब तक शुरू नहीं हुई है।", {("s400", "stalled")}, "negation"),
    ("No S-400 unit has been handed over this year.", {("s400", "stalled")}, "negation"),  # known miss
    # --- future
    ("The remaining S-400 squadrons will be delivered next year.", {("s400", "in_delivery")}, "future"),
    ("एस-400 की अंतिम खेप अगले साल सौंपी जाएगी।", {("s400", "in_delivery")}, "future"),
    ("एस-400 की बाकी स्क्वाड्रन अगले साल सौंपी जाएंगी।", {("s400", "in_delivery")}, "future"),
    ("India and Russia will sign an S-400 follow-on contract in December.",
     {("s400", "negotiating")}, "future"),
    ("The Su-30 MKI upgrade is expected to begin in 2026.", {("su30", "upgrade")}, "future"),
    ("S-400 deliveries are set to resume next year.", {("s400", "in_delivery")}, "future"),
    ("सुखोई-30 एमकेआई का उन्नयन 2027 तक पूरा होगा।", {("su30", "upgrade")}, "future"),
    ("एस-400 सौदे पर अगले महीने हस्ताक्षर होंगे।", {("s400", "negotiating")}, "future"),
    ("The S-400 contract could be cancelled if sanctions bite.", {("s400", "contracted")}, "future"),
    ("Russia will hand over the fourth S-400 squadron by August.", {("s400", "in_delivery")}, "future"),
    ("एस-400 की आपूर्ति 2026 तक पूरी हो जाएगी।", {("s400", "in_delivery")}, "future"),
    ("HAL will carry out the Su-30 MKI modernisation in Nashik.", {("su30", "upgrade")}, "future"),
    # --- about another platform, or no status at all
    ("Russia delivered new T-90 tanks, which have nothing to do with the S-400.", set(), "other"),
    ("The army's T-90 upgrade, like the S-400, is run with Russian help.", set(), "other"),
    ("रूस ने टी-90 टैंकों की आपूर्ति तेज की, एस-400 पर कुछ नहीं कहा गया।", set(), "other"),
    ("Pakistan signed a contract for Chinese J-10 jets, a rival to the Su-30 MKI.", set(), "other"),
    ("The S-400 is a long-range air-defence system built by Almaz-Antey.", set(), "other"),
    ("HAL's overhaul of MiG-29 engines happens in Koraput, near where Su-30 MKI engines are built.",
     set(), "other"),
    ("चीन ने जे-20 विमानों का उन्नयन किया, जिनकी तुलना सुखोई-30 एमकेआई से होती है।", set(), "other"),
    ("भारत ने राफेल विमानों की खरीद पूरी की, जबकि एस-400 का जिक्र भर हुआ।", set(), "other"),
    ("The deal for Rafale jets was signed, while the S-400 was only mentioned.", set(), "other"),
    ("Navy frigates are being delivered from Russia; the S-400 was not on the agenda.", set(), "other"),
    ("Su-30 MKI pilots trained next to S-400 crews during the exercise.", set(), "other"),
    ("When supply of the system came up, an upgrade of the Su-30 MKI fleet was also raised.",
     {("su30", "upgrade")}, "other"),
    # --- news-style sentences, labelled before the engine was run on them
    ("Officials said the fourth S-400 squadron could reach India by the end of the year.",
     {("s400", "in_delivery")}, "news"),
    ("Moscow has assured New Delhi that S-400 supplies will not be affected by the war.",
     {("s400", "in_delivery")}, "news"),
    ("The ministry did not comment on reports that the S-400 deal had been put on hold.",
     {("s400", "stalled")}, "news"),
    ("The S-400 acquisition, worth $5.43 billion, went ahead despite the threat of US sanctions.",
     {("s400", "contracted")}, "news"),
    ("A mid-life upgrade for the Su-30 MKI is under consideration.", {("su30", "upgrade")}, "news"),
    ("The IAF is also keen to buy more Su-30 MKI jets from HAL.", {("su30", "proposed")}, "news"),
    ("सूत्रों के अनुसार एस-400 की चौथी और पांचवीं स्क्वाड्रन की डिलीवरी 2026 में होगी।",
     {("s400", "in_delivery")}, "news"),
    ("रूस ने भरोसा दिलाया कि एस-400 की आपूर्ति समय पर पूरी होगी।", {("s400", "in_delivery")}, "news"),
    ("The Su-30 MKI, India's most numerous fighter, will get new radars and engines under the upgrade.",
     {("su30", "upgrade")}, "news"),
    ("Delays in S-400 deliveries have pushed the IAF to lean harder on its Su-30 MKI squadrons.",
     {("s400", "stalled")}, "news"),
    ("HAL said work on upgrading the Su-30 MKI would start once the S-400 deliveries were complete.",
     {("su30", "upgrade"), ("s400", "in_delivery")}, "news"),
    ("रक्षा मंत्रालय ने सुखोई-30 एमकेआई के 84 विमानों के अपग्रेड का प्रस्ताव मंजूर किया।",
     {("su30", "upgrade")}, "news"),
    ("The contract for the S-400 was inked during the 2018 summit.", {("s400", "contracted")}, "news"),
    ("Russia is said to have offered India more S-400 systems, along with help on the Su-30 MKI "
     "upgrade.", {("s400", "proposed"), ("su30", "upgrade")}, "news"),
    ("Russia has so far supplied three of the five S-400 regiments India paid for.",
     {("s400", "delivered")}, "news"),
]


def score(suggest) -> dict:
    """Precision and recall of ``suggest(text) -> {(platform, status), …}`` over CASES, by group.

    A suggestion is right when its (platform, status) is among the sentence's labels.
    """
    groups: dict[str, list[int]] = {}
    misses = []
    for text, wanted, group in CASES:
        got = suggest(text)
        right = len(got & wanted)
        for name in (group, "all"):
            tally = groups.setdefault(name, [0, 0, 0])  # right, suggested, labelled
            tally[0] += right
            tally[1] += len(got)
            tally[2] += len(wanted)
        if got != wanted:
            misses.append((text, sorted(got - wanted), sorted(wanted - got)))
    return {
        "groups": {name: {"precision": r / s if s else 1.0, "recall": r / w if w else 1.0,
                          "right": r, "suggested": s, "labelled": w}
                   for name, (r, s, w) in groups.items()},
        "misses": misses,
    }
