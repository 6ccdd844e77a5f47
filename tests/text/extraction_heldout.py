"""A second labelled set, written after the engine was tuned on the first and never tuned on.

tests/text/extraction_labelled.py drove the work on extraction: every miss in it was looked at
and most were fixed, so its figure says how well the engine learnt that set. These cases were
written afterwards, in our own words, with the same labelling rules (see that module), and are
scored as they come. bench/extraction_quality.py prints both figures; bench/README.md keeps
them. A miss found here is reported, not fixed by adding a word to the engine for this sentence.
"""

from .extraction_labelled import AMBIGUOUS, Case

HELD_OUT: list[Case] = [
    # --- spelling
    Case("spelling", "hi", "2025-09-04",
         "रूसी राष्ट्रपति पूतिन ने कहा कि भारत के साथ रक्षा सहयोग जारी रहेगा।",
         [("russia", "रूसी"), ("vladimir-putin", "पूतिन"), ("india", "भारत")]),
    Case("spelling", "hi", "2025-09-05",
         "विदेश मंत्री एस. जयशँकर ने सर्गेइ लावरोव से फोन पर बात की।",
         [("s-jaishankar", "एस. जयशँकर"), ("sergey-lavrov", "सर्गेइ लावरोव")]),
    Case("spelling", "hi", "2025-09-06",
         "उप प्रधानमंत्री डेनिस मन्तुरोव भारत आने वाले प्रतिनिधिमंडल का नेतृत्व करेंगे।",
         [("denis-manturov", "डेनिस मन्तुरोव"), ("india", "भारत")]),
    Case("spelling", "hi", "2025-09-07",
         "रोस्टेक प्रमुख चेमेज़ोव ने निर्यात के नए आंकड़े जारी किए।",
         [("rostec", "रोस्टेक"), ("sergey-chemezov", "चेमेज़ोव")]),
    Case("spelling", "hi", "2025-09-08",
         "एफएसवीटीएस निदेशक शूगायेव ने कहा कि भुगतान की दिक्कतें सुलझ गई हैं।",
         [("fsvts", "एफएसवीटीएस"), ("dmitry-shugaev", "शूगायेव")]),
    Case("spelling", "hi", "2025-09-09",
         "रोसोबोरोनएक्सपोर्ट के प्रमुख मिखैयेव दिल्ली में एक रक्षा प्रदर्शनी में पहुंचे।",
         [("rosoboronexport", "रोसोबोरोनएक्सपोर्ट"), ("alexander-mikheev", "मिखैयेव")]),

    # --- designation
    Case("designation", "en", "2025-09-10",
         "The fifth S 400 squadron is now expected in the second half of 2026.",
         [("s-400", "S 400")]),
    Case("designation", "en", "2025-09-11",
         "The IAF wants its Su-30MKI's radar replaced before the end of the decade.",
         [("indian-air-force", "IAF"), ("su-30mki", "Su-30MKI")]),
    Case("designation", "hi", "2025-09-12",
         "एसयू30 एमकेआई बेड़े में नए इंजन लगाने का काम अगले साल शुरू होगा।",
         [("su-30mki", "एसयू30 एमकेआई")]),
    Case("designation", "en", "2025-09-13",
         "Two S400s were moved closer to the western border last winter.",
         [("s-400", "S400")]),
    Case("designation", "en", "2025-09-13",
         "All Su-30 MKIs will get the new radar, and the S-400's fourth unit arrives next year.",
         [("su-30mki", "Su-30 MKI"), ("s-400", "S-400")]),
    Case("designation", "hi", "2025-09-14",
         "रूस ने एस-५०० के निर्यात संस्करण पर अभी कोई फैसला नहीं किया है।",
         [("russia", "रूस"), ("s-500", "एस-५००")]),

    # --- descriptive
    Case("descriptive", "en", "2025-09-15",
         "A spokesperson for India's Defence Ministry declined to comment on the delay.",
         [("ministry-of-defence-india", "India's Defence Ministry")]),
    Case("descriptive", "en", "2025-09-16",
         "The Russian defence ministry published footage of the launch on Monday.",
         [("ministry-of-defence-russia", "Russian defence ministry")]),
    Case("descriptive", "hi", "2025-09-17",
         "रक्षा मंत्रालय ने संसद की समिति को देरी के कारण बताए।",
         [("ministry-of-defence-india", "रक्षा मंत्रालय")]),
    Case("descriptive", "en", "2025-09-18",
         "Washington has warned that U.S. sanctions could follow the purchase.",
         [("united-states", "U.S.")]),

    # --- ambiguous
    Case("ambiguous", "en", "2025-09-19",
         "The Sukhoi crashed near Tezpur during a night exercise; both pilots ejected.",
         [("su-30mki", "Sukhoi")]),
    Case("ambiguous", "en", "2025-09-20",
         "Sukhoi designers have proposed a new radar for the upgrade.",
         [("sukhoi", "Sukhoi")]),
    Case("ambiguous", "hi", "2025-09-21",
         "सुखोई विमानों की नई खेप नासिक में तैयार हो रही है।",
         [("su-30mki", "सुखोई")]),
    Case("ambiguous", "en", "2025-09-22",
         "Sukhoi officials in Moscow would not say when the kits would ship.",
         [("sukhoi", "Sukhoi"), ("moscow", "Moscow")]),
    Case("ambiguous", "en", "2025-09-22",
         "The report names Sukhoi only once, in a footnote.",
         [(AMBIGUOUS, "Sukhoi")]),

    # --- described
    Case("described", "en", "2025-06-30",
         "The Qingdao meeting of SCO defence ministers ended without a joint text.",
         [("sco-defence-ministers-meeting-2025", "Qingdao meeting of SCO defence ministers"),
          ("qingdao", "Qingdao"), ("sco", "SCO")]),
    Case("described", "en", "2025-09-23",
         "Deliveries under the 2018 S-400 deal are running about two years late.",
         [("s-400-contract-2018", "2018 S-400 deal"), ("s-400", "S-400")]),
    Case("described", "hi", "2025-12-06",
         "नई दिल्ली में हुए वार्षिक शिखर सम्मेलन में दोनों देशों ने रक्षा उत्पादन पर बात की।",
         [("new-delhi", "नई दिल्ली"),
          ("india-russia-annual-summit-2025", "नई दिल्ली में हुए वार्षिक शिखर सम्मेलन")]),

    Case("described", "en", "2025-11-25",
         "Jaishankar's talks with Lavrov in Moscow last week covered the multi-sector agreement.",
         [("s-jaishankar", "Jaishankar"),
          ("jaishankar-lavrov-moscow-2025", "talks with Lavrov in Moscow"),
          ("sergey-lavrov", "Lavrov"), ("moscow", "Moscow"),
          ("india-russia-multi-sector-agreement", "multi-sector agreement")]),

    # --- new names
    Case("new", "en", "2025-09-24",
         "India is not in talks to buy the Su-35, officials said.",
         [("india", "India"), ("su-35", "Su-35")]),
    Case("new", "hi", "2025-09-25",
         "ब्रह्मोस एयरोस्पेस ने दक्षिण-पूर्व एशिया के एक और देश से करार किया है।",
         [("brahmos-aerospace", "ब्रह्मोस एयरोस्पेस")]),
    Case("new", "en", "2025-09-26",
         "Rostec said engine deliveries for the upgrade would begin next year.",
         [("rostec", "Rostec")]),

    # --- negative
    Case("negative", "en", "2025-09-27",
         "Air Chief Marshal A. P. Singh said the squadrons were at full strength.",
         [("a-p-singh", "A. P. Singh")]),
    Case("negative", "en", "2025-09-27",
         "Opposition MP Digvijaya Singh questioned the cost of the upgrade in Parliament.",
         []),
    Case("negative", "en", "2025-09-27",
         "Bangladesh's defence ministry said it had no plans to buy Russian jets.",
         [("russia", "Russian")]),
    Case("negative", "hi", "2025-09-27",
         "भारतीय वायु सेना के प्रमुख अमर प्रीत सिंह ने नए स्क्वाड्रन का निरीक्षण किया।",
         [("indian-air-force", "भारतीय वायु सेना"), ("a-p-singh", "अमर प्रीत सिंह")]),
    Case("negative", "en", "2025-09-28",
         "The contract is worth about Rs 400 crore and covers 400 spare engines.",
         []),
    Case("negative", "hi", "2025-09-29",
         "सांसद ने कहा कि 400 करोड़ रुपये की लागत वाली परियोजना में देरी हुई है।",
         []),
]
