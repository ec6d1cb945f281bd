"""Is this report a retelling of a recent one? The same place, the same topic, many same words."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

from ..authority import case_text
from .suggestion import Seen, Suggestion
from .text import Normalised, content_words, stem

# share of the shorter report's content words, stemmed and weighted by rarity in the recent
# reports, that the two have in common, plus a bonus when both are about the same sub-category
# [tuned on generated cases and the development sets of tests/data]
DUPLICATE_OVERLAP = 0.5
TOPIC_BONUS = 0.1
SAME_PLACE_AND_TOPIC = 0.15
MIN_SHARED_DETAILS = 3  # words besides place names that two tellings of one incident share
MIN_WORDS = 4  # a recent message with fewer content words tells no incident to retell
TOLD_BEFORE = 0.15  # …less when the report says it was reported before, on one topic and place
SPOT_DETAILS = 2  # …at the same desa and on the same topic: two shared details are a retelling
SAME_INCIDENT_MARGIN = 0.2  # earlier tellings this close to the best match are the same incident
NAMED = "~"  # marks a place named outside the region's lists ("~rsud kudungga")


class Retellings:
    """Finds the recent report a report retells (remembers what it worked out of each)."""

    def __init__(
        self,
        places_of: Callable[[Normalised], set[str]],
        topic_of: Callable[[Normalised, str], str | None],
        says_little: Callable[[Normalised], bool],
        alike: Callable[[str, str | None], bool],
        wide: set[str],
        long: set[str],
    ) -> None:
        self.places_of = places_of  # the place names (lower case) a text names
        self.topic_of = topic_of  # the sub-category it is about
        self.says_little = says_little  # too vague to tell which incident it is
        self.alike = alike  # two topics one incident may be read as (the same owner's)
        self.wide = wide  # names too wide to make two reports the same incident (a kecamatan)
        self.long = long  # names of a road or river: the same incident only with more in common
        self._profiles: dict[str, tuple[tuple[str, str], set[str], set[str], str | None]] = {}

    def find(
        self,
        norm: Normalised,
        my_places: set[str],
        topic: str | None,
        recent: Sequence[Seen],
        told_before: bool = False,
    ) -> Suggestion | None:
        """The duplicate suggestion, or None when no recent report tells the same incident.
        ``told_before``: the report says it was reported already, so less in common will do."""
        mine = _stems(norm.text)
        if not recent or not mine:
            return None
        profiles = [(seen, *self._profile(seen)) for seen in recent]
        # a word many recent reports on the same topic use is the topic's, not the incident's
        alike = [p for p in profiles if topic is None or p[3] == topic] or profiles
        df: Counter[str] = Counter(w for *_, words, _ in alike for w in words)
        n = len(alike) + 1

        def weight(w: str) -> float:
            return math.log((n + 1) / (1 + df[w])) + 0.3

        candidates: list[tuple[float, Seen]] = []
        for seen, their_places, words, their_topic in profiles:
            if len(words) < MIN_WORDS:
                continue  # "tes, masuk?" shares a word with anything and tells no incident
            together = my_places & their_places
            spot = self._spots(together)  # the same desa or dusun of the region's lists
            if self._spots(my_places - their_places) and self._spots(their_places - my_places):
                continue  # each names a desa (or dusun, landmark) the other does not
            same_topic = topic is not None and self.alike(topic, their_topic)
            same_spot_and_topic = bool(spot) and same_topic
            place_words = {stem(w) for p in my_places | their_places for w in re.split(r"\W+", p)}
            details = len((mine & words) - place_words)
            enough = SPOT_DETAILS if same_spot_and_topic or told_before else MIN_SHARED_DETAILS
            if details < enough:
                continue  # the same place, but nothing else of the story in common
            # the same desa, river or road; only the same kecamatan (a kantor camat); or no
            # named place at all (an office, a website): the words must then agree more
            need = DUPLICATE_OVERLAP + (0.0 if together - self.wide else 0.15 if together else 0.35)
            shared = sum(weight(w) for w in mine & words)
            overlap = shared / min(sum(weight(w) for w in mine), sum(weight(w) for w in words))
            if told_before and same_topic and together:
                need -= TOLD_BEFORE
            if same_topic:
                overlap += TOPIC_BONUS
                if spot:  # the same topic at the same desa
                    need -= SAME_PLACE_AND_TOPIC
            if overlap >= need:
                candidates.append((overlap, seen))
        if not candidates:
            return None
        # an incident told several times is merged into its first telling, not its latest
        top = max(o for o, _ in candidates)
        overlap, first = next((o, s) for o, s in candidates if o >= top - SAME_INCIDENT_MARGIN)
        return Suggestion(
            "duplikat", None, "duplikat", 10 * overlap, duplicate_of=first.id, subcategory=topic
        )

    def _spots(self, places: set[str]) -> set[str]:
        """The region's names among ``places`` that point to one spot: no kecamatan, road or
        river, and no place named outside the region's lists (those are written too freely to
        tell two places apart)."""
        return {p for p in places - self.wide - self.long if not p.startswith(NAMED)}

    def _profile(self, seen: Seen) -> tuple[set[str], set[str], str | None]:
        """A recent report's places, content words and topic (worked out once per report)."""
        hit = self._profiles.get(seen.id)
        if hit is None or hit[0] != (seen.title, seen.body):
            text = case_text(seen.title, seen.body)
            other = Normalised(text)
            hit = (
                (seen.title, seen.body),
                self.places_of(other),
                # a report too vague to tell its incident is no incident to retell
                set() if self.says_little(other) else _stems(other.text),
                self.topic_of(other, text),
            )
            self._profiles[seen.id] = hit
            if len(self._profiles) > 4096:
                self._profiles.pop(next(iter(self._profiles)))
        return hit[1], hit[2], hit[3]


def _stems(normalised_text: str) -> set[str]:
    """The content words, stemmed: "terendam" and "rendam", "pengungsi" and "mengungsi" meet."""
    return {stem(w) for w in content_words(normalised_text)}
