"""Does this parcel need customs? A data-driven rule table of territories, and the decision.

Customs and VAT follow territories, not countries. Some places of EU member states lie outside
the Union's customs territory (Union Customs Code, Regulation (EU) No 952/2013, art. 4), others
are inside it but outside the VAT area (VAT Directive 2006/112/EC, art. 6); the overseas
countries and territories (OCTs, TFEU art. 198–204 and Annex II) are outside both; and some
non-EU places lie outside their own country's customs area. ``TERRITORY_RULES`` lists every such
place the station recognises, each row with its legal basis, keyed by the ISO country code of
the address and, where the territory has no code of its own in practice, by the postcodes that
identify it. Only postcodes that identify the territory *alone* are listed (see each row).

Each territory belongs to a customs area and a VAT area. A parcel whose departure and
destination share both needs nothing; crossing a customs border needs a customs declaration;
crossing only the fiscal (VAT) border still needs a declaration for the VAT. A declaration goes
through Seven Senders' customs service when the destination country is enabled for the account
(CH, GB, NO by default) and the parcel leaves the EU for that country's own customs area;
otherwise the station prints the commercial invoice / CN23 and the carrier clears the parcel.

Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

#: The customs and VAT area of the European Union (the default of every member state).
EU = "EU"

#: EU member states (ISO 3166-1 alpha-2; Greece is GR, which the EU writes EL).
EU_MEMBER_STATES: frozenset[str] = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip

#: Spellings that addresses use for an ISO code.
COUNTRY_ALIASES: Mapping[str, str] = {"EL": "GR", "UK": "GB"}

#: The destinations enabled for Seven Senders' customs service unless the account says otherwise
#: (sevensenders-api.md §8.1).
DEFAULT_SEVEN_SENDERS_COUNTRIES: tuple[str, ...] = ("CH", "GB", "NO")

#: Incoterms 2020.
INCOTERMS_2020: frozenset[str] = frozenset(
    {"EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"}
)
DEFAULT_INCOTERM = "DDP"
#: 7S's own example: DDP in general, DAP for Great Britain (sevensenders-api.md §8.1).
DEFAULT_INCOTERMS: Mapping[str, str] = {"GB": "DAP"}


class CustomsKind(StrEnum):
    """What a parcel needs for customs."""

    SEVEN_SENDERS_CUSTOMS = "seven_senders_customs"  # a customs shipment posted to 7S
    DOCUMENTS_ONLY = "documents_only"  # a declaration, but not through 7S: print the invoice
    NONE = "none"  # inside one customs and VAT area


@dataclass(frozen=True, slots=True)
class TerritoryRule:
    """One row of the table.

    Attributes:
        countries: ISO codes of addresses the row applies to (the territory's own code and
            the code of the state it belongs to, when addresses use either).
        postcode: a regular expression the normalised postcode must match in full (upper
            case, no spaces or dashes, no country prefix); None matches every postcode.
        name: the territory, as the shift lead reads it.
        customs_area, vat_area: the areas it belongs to (``EU`` or the territory's own key).
        basis: the legal basis, short, for the decision's reason text.
    """

    countries: tuple[str, ...]
    postcode: str | None
    name: str
    customs_area: str
    vat_area: str
    basis: str

    def matches(self, country: str, postcode: str) -> bool:
        if country not in self.countries:
            return False
        if self.postcode is None:
            return True
        return re.fullmatch(self.postcode, postcode) is not None


_UCC4 = "outside the EU customs territory (Union Customs Code art. 4)"


def _vat61(point: str) -> str:
    return (
        "inside the EU customs territory but outside the EU VAT area "
        f"(VAT Directive art. 6(1)({point}))"
    )


def _vat62(point: str) -> str:
    return f"outside the EU VAT area (VAT Directive art. 6(2)({point}))"


_OCT = "overseas country or territory, outside the EU customs and VAT area (TFEU art. 355(2))"

#: The rule table: more specific rows first (the first match wins).
TERRITORY_RULES: tuple[TerritoryRule, ...] = (
    # --- outside the EU customs territory (UCC art. 4) and the VAT area (VAT Dir. art. 6(2))
    # Heligoland: the island (with the Düne) has the single postcode 27498.
    TerritoryRule(("DE",), r"27498", "Heligoland", "Heligoland", "Heligoland",
                  f"{_UCC4}; {_vat62('a')}"),
    # Büsingen am Hochrhein: German postcode 78266 (its Swiss postcode CH-8238 is a CH address
    # anyway); part of the Swiss customs territory by the German-Swiss treaty of 23.11.1964,
    # and Swiss VAT applies there.
    TerritoryRule(("DE",), r"78266", "Büsingen am Hochrhein", "CH", "CH",
                  f"{_UCC4}; {_vat62('b')}; Swiss customs territory"),
    # Ceuta and Melilla: the Spanish postcode's first two digits are the province, 51 Ceuta and
    # 52 Melilla; EA is the code ISO reserves for the two together.
    TerritoryRule(("ES",), r"51\d{3}", "Ceuta", "Ceuta", "Ceuta", f"{_UCC4}; {_vat62('c')}"),
    TerritoryRule(("ES",), r"52\d{3}", "Melilla", "Melilla", "Melilla", f"{_UCC4}; {_vat62('d')}"),
    TerritoryRule(("EA",), None, "Ceuta and Melilla", "Ceuta and Melilla", "Ceuta and Melilla",
                  f"{_UCC4}; {_vat62('c, d')}"),
    # Livigno: the municipality has the postcode 23041 (its neighbours Valdidentro 23038,
    # Bormio 23032 are ordinary Italian territory).
    TerritoryRule(("IT",), r"23041", "Livigno", "Livigno", "Livigno", f"{_UCC4}; {_vat62('e')}"),
    # Faroe Islands and Greenland: Danish, never part of the EU. Addresses use FO / GL, or DK
    # with the islands' own postcodes: the Faroes have three digits (100-970; Danish postcodes
    # have four), Greenland 3900-3999 (a block the Danish post gave Greenland alone).
    TerritoryRule(("FO",), None, "Faroe Islands", "FO", "FO", _UCC4),
    TerritoryRule(("DK",), r"\d{3}", "Faroe Islands", "FO", "FO", _UCC4),
    TerritoryRule(("GL",), None, "Greenland", "GL", "GL", f"{_UCC4}; {_OCT}"),
    TerritoryRule(("DK",), r"39\d{2}", "Greenland", "GL", "GL", f"{_UCC4}; {_OCT}"),
    # --- overseas countries and territories (TFEU Annex II): outside customs and VAT.
    # French OCTs with French postcodes: Saint-Pierre-et-Miquelon 975xx, Wallis-et-Futuna
    # 986xx, French Polynesia 987xx, New Caledonia 988xx; Saint-Barthélemy has the single
    # postcode 97133 inside the Guadeloupe block (an OCT since 2012, so it must come first).
    TerritoryRule(("FR",), r"97133", "Saint-Barthélemy", "BL", "BL", _OCT),
    TerritoryRule(("BL",), None, "Saint-Barthélemy", "BL", "BL", _OCT),
    TerritoryRule(("FR", "PM"), r"975\d{2}", "Saint-Pierre-et-Miquelon", "PM", "PM", _OCT),
    TerritoryRule(("PM",), None, "Saint-Pierre-et-Miquelon", "PM", "PM", _OCT),
    TerritoryRule(("FR",), r"986\d{2}", "Wallis and Futuna", "WF", "WF", _OCT),
    TerritoryRule(("FR",), r"987\d{2}", "French Polynesia", "PF", "PF", _OCT),
    TerritoryRule(("FR",), r"988\d{2}", "New Caledonia", "NC", "NC", _OCT),
    # Dutch OCTs, the other French ones and Greenland (above) by their own codes.
    TerritoryRule(("WF",), None, "Wallis and Futuna", "WF", "WF", _OCT),
    TerritoryRule(("PF",), None, "French Polynesia", "PF", "PF", _OCT),
    TerritoryRule(("NC",), None, "New Caledonia", "NC", "NC", _OCT),
    TerritoryRule(("TF",), None, "French Southern and Antarctic Lands", "TF", "TF", _OCT),
    TerritoryRule(("AW",), None, "Aruba", "AW", "AW", _OCT),
    TerritoryRule(("CW",), None, "Curaçao", "CW", "CW", _OCT),
    TerritoryRule(("SX",), None, "Sint Maarten", "SX", "SX", _OCT),
    TerritoryRule(("BQ",), None, "Bonaire, Sint Eustatius and Saba", "BQ", "BQ", _OCT),
    # --- inside the customs territory, outside the VAT area (VAT Directive art. 6(1)):
    # a declaration is still needed at the fiscal border.
    # Canary Islands: provinces Las Palmas (35) and Santa Cruz de Tenerife (38); IC is the
    # code ISO reserves for them.
    TerritoryRule(("ES",), r"3[58]\d{3}", "Canary Islands", EU, "IC", _vat61("b")),
    TerritoryRule(("IC",), None, "Canary Islands", EU, "IC", _vat61("b")),
    # French overseas departments and Saint-Martin (TFEU art. 349): Guadeloupe 971xx (without
    # 97133, above, and Saint-Martin 97150), Martinique 972xx, French Guiana 973xx,
    # Réunion 974xx, Mayotte 976xx. 975xx is Saint-Pierre-et-Miquelon, an OCT (above), not a
    # department.
    TerritoryRule(("FR", "MF"), r"97150", "Saint-Martin", EU, "MF", _vat61("c")),
    TerritoryRule(("MF",), None, "Saint-Martin", EU, "MF", _vat61("c")),
    TerritoryRule(("FR", "GP"), r"971\d{2}", "Guadeloupe", EU, "GP", _vat61("c")),
    TerritoryRule(("FR", "MQ"), r"972\d{2}", "Martinique", EU, "MQ", _vat61("c")),
    TerritoryRule(("FR", "GF"), r"973\d{2}", "French Guiana", EU, "GF", _vat61("c")),
    TerritoryRule(("FR", "RE"), r"974\d{2}", "Réunion", EU, "RE", _vat61("c")),
    TerritoryRule(("FR", "YT"), r"976\d{2}", "Mayotte", EU, "YT", _vat61("c")),
    TerritoryRule(("GP",), None, "Guadeloupe", EU, "GP", _vat61("c")),
    TerritoryRule(("MQ",), None, "Martinique", EU, "MQ", _vat61("c")),
    TerritoryRule(("GF",), None, "French Guiana", EU, "GF", _vat61("c")),
    TerritoryRule(("RE",), None, "Réunion", EU, "RE", _vat61("c")),
    TerritoryRule(("YT",), None, "Mayotte", EU, "YT", _vat61("c")),
    # Mount Athos: the monastic state's postcode is 63086 (Karyes).
    TerritoryRule(("GR", "EL"), r"63086", "Mount Athos", EU, "Mount Athos", _vat61("a")),
    # Åland: Finnish postcodes 22xxx are the islands alone (mainland Finland has none);
    # AX is their own ISO code.
    TerritoryRule(("FI",), r"22\d{3}", "Åland Islands", EU, "AX", _vat61("d")),
    TerritoryRule(("AX",), None, "Åland Islands", EU, "AX", _vat61("d")),
    # Campione d'Italia: the issue lists it under UCC art. 4, but since 1 January 2020 it is
    # part of the EU customs territory (Regulation (EU) 2019/474) while staying outside the VAT
    # area (VAT Directive art. 6(1)(f) as amended by Directive (EU) 2019/475). Its postcode is
    # 22061; 22060 is shared by several other municipalities of the province of Como and so
    # does not identify it.
    TerritoryRule(("IT",), r"22061", "Campione d'Italia", EU, "Campione d'Italia",
                  _vat61("f") + "; EU customs territory since 2020 (Regulation (EU) 2019/474)"),
    # --- outside the EU altogether, with postcodes inside an EU or non-EU country's system.
    # Channel Islands: Crown dependencies outside the EU and outside the UK's customs and VAT
    # area; British-format postcodes JE (Jersey) and GY (Guernsey, Alderney, Sark).
    TerritoryRule(("GB", "JE"), r"JE\d.*", "Jersey", "JE", "JE",
                  "outside the EU; a Crown dependency outside the UK customs and VAT area"),
    TerritoryRule(("JE",), None, "Jersey", "JE", "JE",
                  "outside the EU; a Crown dependency outside the UK customs and VAT area"),
    TerritoryRule(("GB", "GG"), r"GY\d.*", "Guernsey", "GG", "GG",
                  "outside the EU; a Crown dependency outside the UK customs and VAT area"),
    TerritoryRule(("GG",), None, "Guernsey", "GG", "GG",
                  "outside the EU; a Crown dependency outside the UK customs and VAT area"),
    # Northern Ireland (postcodes BT): under the Windsor Framework (Protocol on Ireland/
    # Northern Ireland, art. 5 and 8) goods move from the EU to Northern Ireland under EU
    # customs and VAT rules, without a customs declaration. (Other UK postcodes start with
    # B, BA, BB, BD, …, never BT followed by a digit.)
    TerritoryRule(("GB",), r"BT\d.*", "Northern Ireland", EU, EU,
                  "Windsor Framework: EU customs and VAT rules apply to goods"),
    # Svalbard: outside Norway's customs and VAT area (Svalbard Treaty; Norwegian postcodes
    # 9170-9179 are the archipelago's alone); SJ is its own ISO code.
    TerritoryRule(("NO",), r"917\d", "Svalbard", "SJ", "SJ",
                  "outside the EU and outside the Norwegian customs and VAT area"),
    TerritoryRule(("SJ",), None, "Svalbard", "SJ", "SJ",
                  "outside the EU and outside the Norwegian customs and VAT area"),
    # San Marino (Italian-format postcodes 47890-47899) and the Vatican (00120): outside the EU
    # customs territory (San Marino is only in a customs union with it) and VAT area.
    TerritoryRule(("IT",), r"4789\d", "San Marino", "SM", "SM",
                  "outside the EU customs territory and VAT area (customs union only)"),
    TerritoryRule(("IT",), r"00120", "Vatican City", "VA", "VA",
                  "outside the EU customs territory and VAT area"),
    # Monaco is inside both (UCC art. 4(2)(a); VAT Directive art. 7): listed so that nobody
    # adds it as "outside".
    TerritoryRule(("MC",), None, "Monaco", EU, EU,
                  "inside the EU customs territory (UCC art. 4(2)) and VAT area (VAT Dir. art. 7)"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Territory:
    """Where an address lies for customs and VAT."""

    name: str
    country: str
    customs_area: str
    vat_area: str
    basis: str
    special: bool  # a row of the table, not the plain country

    @property
    def in_eu_customs(self) -> bool:
        return self.customs_area == EU

    @property
    def in_eu_vat(self) -> bool:
        return self.vat_area == EU


def normalise_country(country: str) -> str:
    code = country.strip().upper()
    return COUNTRY_ALIASES.get(code, code)


def normalise_postcode(country: str, postcode: str) -> str:
    """Upper case, no spaces, dots or dashes, and no leading country prefix ("FO-100")."""
    text = re.sub(r"[\s.\-]", "", postcode.upper())
    prefix = re.match(r"([A-Z]{2})(?=\d)", text)
    # "FO100", "AX22100", "DK3900": a two-letter prefix before digits is a country prefix,
    # except in British-format postcodes, where letters before the digit are the area (JE2…)
    if prefix and country not in ("GB", "JE", "GG", "IM"):
        text = text[2:]
    return text


def territory_of(country: str, postcode: str = "") -> Territory:
    """The territory of an address (the plain country when no row of the table matches)."""
    code = normalise_country(country)
    zip_code = normalise_postcode(code, postcode)
    for rule in TERRITORY_RULES:
        if rule.matches(code, zip_code):
            return Territory(
                rule.name, code, rule.customs_area, rule.vat_area, rule.basis, special=True
            )
    if code in EU_MEMBER_STATES:
        return Territory(code, code, EU, EU, "EU member state", special=False)
    return Territory(code, code, code, code, "outside the EU", special=False)


@dataclass(frozen=True, slots=True)
class CustomsDecision:
    """What a parcel from ``departure`` to ``destination`` needs, and why."""

    kind: CustomsKind
    reason: str
    territory: str  # the destination territory's name
    departure: str
    destination: str  # the destination country (ISO)
    basis: str = ""

    @property
    def needed(self) -> bool:
        return self.kind is not CustomsKind.NONE

    @property
    def through_seven_senders(self) -> bool:
        return self.kind is CustomsKind.SEVEN_SENDERS_CUSTOMS


def decide_customs(
    departure_country: str,
    country: str,
    postcode: str = "",
    seven_senders_countries: Iterable[str] = DEFAULT_SEVEN_SENDERS_COUNTRIES,
) -> CustomsDecision:
    """Decide from the departure country and the destination's country and postcode.

    ``seven_senders_countries`` are the destinations enabled for the account's 7S customs
    service; a parcel goes through it only when it leaves the EU customs territory for that
    country's own customs area (not, say, a GB address in Jersey).
    """
    start = territory_of(departure_country)
    dest = territory_of(country, postcode)
    enabled = {normalise_country(c) for c in seven_senders_countries}
    label = dest.name if dest.special else dest.country
    if dest.customs_area == start.customs_area and dest.vat_area == start.vat_area:
        where = "the EU customs and VAT area" if dest.in_eu_customs else f"{label}"
        reason = f"{start.country} → {label}: inside {where}; no customs declaration"
        if dest.special and dest.in_eu_customs:
            reason += f" ({dest.basis})"
        return CustomsDecision(
            CustomsKind.NONE, reason, label, start.country, dest.country, dest.basis
        )
    if dest.customs_area != start.customs_area:
        border = "customs border"
        if (
            start.in_eu_customs
            and not dest.special
            and dest.country in enabled
            and not dest.in_eu_customs
        ):
            return CustomsDecision(
                CustomsKind.SEVEN_SENDERS_CUSTOMS,
                f"{start.country} → {label}: export from the EU; {label} is enabled for the "
                "account's Seven Senders customs service",
                label,
                start.country,
                dest.country,
                dest.basis,
            )
    else:
        border = "fiscal (VAT) border"
    via = (
        f"{label} is not enabled for the account's Seven Senders customs service"
        if not dest.special and dest.country not in enabled
        else "Seven Senders' customs service does not cover it"
    )
    return CustomsDecision(
        CustomsKind.DOCUMENTS_ONLY,
        f"{start.country} → {label}: crosses the {border}, {dest.basis}; {via}: print "
        "the commercial invoice / CN23",
        label,
        start.country,
        dest.country,
        dest.basis,
    )


def incoterm_for(
    country: str,
    overrides: Mapping[str, str] = DEFAULT_INCOTERMS,
    default: str = DEFAULT_INCOTERM,
) -> str:
    """The incoterm for a destination country: its override, else the default (DDP)."""
    code = normalise_country(country)
    table = {normalise_country(k): v.strip().upper() for k, v in overrides.items()}
    return table.get(code, default.strip().upper())
