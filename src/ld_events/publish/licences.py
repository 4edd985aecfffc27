"""The short names readers know open licences by: "CC BY 4.0", not its deed's address."""

from __future__ import annotations

import re

#: Licence addresses (without scheme, "www." and trailing "/" or "legalcode") → their names.
_NAMES = {
    "creativecommons.org/licenses/by/4.0": "CC BY 4.0",
    "creativecommons.org/licenses/by-sa/4.0": "CC BY-SA 4.0",
    "creativecommons.org/licenses/by-nc/4.0": "CC BY-NC 4.0",
    "creativecommons.org/licenses/by-nd/4.0": "CC BY-ND 4.0",
    "creativecommons.org/licenses/by-nc-sa/4.0": "CC BY-NC-SA 4.0",
    "creativecommons.org/licenses/by-nc-nd/4.0": "CC BY-NC-ND 4.0",
    "creativecommons.org/licenses/by/3.0": "CC BY 3.0",
    "creativecommons.org/licenses/by-sa/3.0": "CC BY-SA 3.0",
    "creativecommons.org/publicdomain/zero/1.0": "CC0 1.0",
    "creativecommons.org/publicdomain/mark/1.0": "Public Domain Mark 1.0",
    "opendatacommons.org/licenses/odbl/1-0": "ODbL 1.0",
    "opendatacommons.org/licenses/odbl/1.0": "ODbL 1.0",
    "opendatacommons.org/licenses/by/1-0": "ODC-By 1.0",
    "opendatacommons.org/licenses/by/1.0": "ODC-By 1.0",
    "opendatacommons.org/licenses/pddl/1-0": "PDDL 1.0",
    "opendatacommons.org/licenses/pddl/1.0": "PDDL 1.0",
    "etalab.gouv.fr/licence-ouverte-open-licence": "Licence Ouverte 2.0",
    "nationalarchives.gov.uk/doc/open-government-licence/version/3": "OGL 3.0",
}
_NOISE = re.compile(r"^https?://(?:www\.)?|/(?:legalcode(?:\.[a-z-]+)?|deed\.[a-z-]+)?/?$")


def licence_name(url: str) -> str:
    """The licence's short name, or its address when it is not a licence we know."""
    return _NAMES.get(_NOISE.sub("", url.strip()), url)
