import random

import pytest

from procurement.text import NEAR_DUPLICATE_THRESHOLD, bands, body_hash, minhash, shingles, similarity

WORDS = (
    "रक्षा मंत्री बैठक सहयोग प्रणाली आपूर्ति समझौता दोनों देश अधिकारी बताया कहा नई योजना "
    "परियोजना उत्पादन तकनीक सेना वायु नौसेना अभ्यास सुरक्षा क्षेत्र नीति निर्णय रिपोर्ट और के की में से पर"
).split()


def article(seed: int, paragraphs: int = 8) -> str:
    """A made-up article: random sentences over one small topical vocabulary."""
    rng = random.Random(seed)
    return "\n\n".join(
        " ".join(" ".join(rng.choices(WORDS, k=rng.randint(8, 16))) + "।" for _ in range(4))
        for _ in range(paragraphs)
    )


def sig(text: str) -> tuple[int, ...]:
    return minhash(shingles(text))


def test_it_hashes_rewrapped_text_alike():
    """Line breaks, extra spaces, dash styles and punctuation do not change body_hash."""
    a = "भारत-रूस संबंध: S-400 की आपूर्ति,\nऔर  Su-30 MKI का उन्नयन।"
    b = "भारत – रूस संबंध S–400 की आपूर्ति और Su-30MKI का उन्नयन"
    assert body_hash(a) == body_hash(b)


def test_it_hashes_different_words_differently():
    """A changed word changes body_hash."""
    assert body_hash("S-400 की आपूर्ति") != body_hash("S-500 की आपूर्ति")


def test_it_gives_a_sha256_hex_digest():
    """body_hash is 64 hex characters."""
    digest = body_hash("कुछ भी")
    assert len(digest) == 64 and int(digest, 16) >= 0


def test_it_makes_stable_shingles():
    """Shingles are plain ints that do not depend on Python's hash seed."""
    assert shingles("एक दो तीन चार पांच छह") == shingles("एक  दो तीन, चार पांच छह।")
    assert len(shingles("एक दो तीन चार पांच छह")) == 2
    assert all(isinstance(x, int) and 0 <= x < 2**64 for x in shingles(article(1)))


def test_it_makes_one_shingle_of_a_text_shorter_than_k():
    """Fewer than k words still give one shingle; no words give none."""
    assert len(shingles("एक दो")) == 1
    assert shingles(" ।, ") == set()


def test_it_rejects_a_zero_k():
    """k must be positive."""
    with pytest.raises(ValueError):
        shingles("a b c", k=0)


def test_it_makes_deterministic_signatures_of_the_asked_size():
    """minhash gives the same values in every process (pinned here) and has num_perm entries."""
    # Signatures are stored with articles: values that moved between runs or releases would
    # make every stored article look unrelated to new ones.
    assert sig("एक दो तीन चार पांच छह सात आठ")[:4] == (
        406108055315514410009, 387661311241804858393, 369214567168095306777, 350767823094385755161)
    assert len(minhash(shingles(article(2)), num_perm=128)) == 128


def test_it_fills_every_bin_even_for_a_short_text():
    """Empty bins borrow from neighbours, so short texts still compare sensibly."""
    short = "एक दो तीन चार पांच छह सात"
    assert similarity(sig(short), sig(short)) == 1.0
    assert similarity(sig(short), sig("आठ नौ दस ग्यारह बारह तेरह")) < 0.2


def test_it_scores_identical_texts_one():
    """A text is its own near-duplicate."""
    assert similarity(sig(article(3)), sig(article(3))) == 1.0


def test_it_counts_a_reprint_with_a_new_headline_as_near_duplicate():
    """Replacing the headline keeps a reprint above the threshold."""
    body = article(4)
    assert similarity(sig("पहला शीर्षक यह है\n\n" + body), sig("दूसरा अलग शीर्षक\n\n" + body)) >= NEAR_DUPLICATE_THRESHOLD


def test_it_counts_a_reprint_with_an_added_paragraph_as_near_duplicate():
    """One extra paragraph keeps a reprint above the threshold."""
    body = article(5)
    assert similarity(sig(body), sig(body + "\n\n" + article(99, paragraphs=1))) >= NEAR_DUPLICATE_THRESHOLD


def test_it_counts_a_reprint_with_a_trimmed_ending_as_near_duplicate():
    """Cutting the last quarter keeps a reprint above the threshold."""
    body = article(6)
    assert similarity(sig(body), sig(body[: len(body) * 3 // 4])) >= NEAR_DUPLICATE_THRESHOLD


def test_it_keeps_different_articles_on_the_same_topic_apart():
    """Same vocabulary, different sentences: well below the threshold."""
    assert similarity(sig(article(7)), sig(article(8))) < 0.1


def test_it_refuses_to_compare_signatures_of_different_sizes():
    """Signatures of different lengths are not comparable."""
    with pytest.raises(ValueError):
        similarity((1, 2), (1, 2, 3))


def test_it_gives_near_duplicates_a_shared_band_key():
    """A reprint shares at least one LSH band key with its original; strangers rarely do."""
    from procurement.services.ingest import BAND_ROWS  # the band width ingestion stores

    body = article(9)
    original, reprint, stranger = (bands(sig(text), rows=BAND_ROWS) for text in
                                   (body, body + " नया वाक्य।", article(10)))
    assert len(original) == 64 // BAND_ROWS
    assert set(original) & set(reprint)
    assert not set(original) & set(stranger)


def test_it_names_bands_by_position():
    """Equal values in different bands give different keys."""
    keys = bands((7,) * 8, rows=4)
    assert len(keys) == 2 and keys[0] != keys[1]


def test_it_fingerprints_as_body_hash_and_minhash_do():
    """fingerprint() folds once but gives exactly body_hash and minhash(shingles)."""
    from procurement.text import fingerprint

    text = "रूस ने S-400 की चौथी खेप भेजी। The fourth S–400 unit left Russia."
    assert fingerprint(text) == (body_hash(text), minhash(shingles(text)))


def reference_signature(words: list[str], k: int = 5, num_perm: int = 64) -> tuple[int, ...]:
    """The signature written out as plain Python integer arithmetic, one shingle at a time.

    Signatures are stored with every article, so the vectorised code must give these exact
    values: a change would make old and new articles look unrelated.
    """
    import zlib

    mask = (1 << 64) - 1
    hashes = [zlib.crc32(w.encode()) for w in words]
    k = min(k, len(hashes))
    grams = set()
    for i in range(len(hashes) - k + 1):
        h = 0
        for x in hashes[i : i + k]:
            h = (h * 0x9E3779B97F4A7C15 + x) & mask
        grams.add(h)
    bins = [1 << 64] * num_perm
    for x in grams:
        x = (x * 0xBF58476D1CE4E5B9) & mask
        x ^= x >> 31
        bins[x % num_perm] = min(bins[x % num_perm], x // num_perm)
    from procurement.text.dedup import _densify

    return _densify(bins)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("num_perm", [64, 7, 128])
def test_it_signs_exactly_as_the_plain_arithmetic_does(seed, num_perm):
    """numpy's wrapping uint64 arithmetic gives the reference values bit for bit."""
    from procurement.text.dedup import canonical_words

    text = article(seed, paragraphs=1 + seed * 3)
    assert minhash(shingles(text), num_perm=num_perm) == reference_signature(
        canonical_words(text), num_perm=num_perm)


def test_it_reduces_any_integer_shingle_modulo_2_to_the_64():
    """Negative and huge ints are accepted as the same 64-bit values."""
    assert minhash([-1, 2**64 + 5]) == minhash([2**64 - 1, 5])
    assert minhash([]) == (0,) * 64
