"""Words people write for coded values, in English and Spanish, and the values that are opposites.

Declared here once per coded value rather than in each schema: the same code (day, at_least,
announced …) is allowed in several fields and means the same in each, and the schemas are
published with the data, where these aids to typing have no place. A phrase is matched after
folding (lowercase, no accents, `_` and `-` read as spaces), so "Al menos", "al_menos" and
"al-menos" are one phrase. tests/report/test_phrases.py requires every enum value of schemas/
to have phrases in both languages, and every phrase to lead back to its own value.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

# value -> (English phrases, Spanish phrases); the value itself, folded, is always a phrase too.
PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # qualifiers of a count
    "exact": (("exactly", "precisely", "exact figure"), ("exacto", "exacta", "exactamente")),
    "at_least": (
        ("at least", "minimum", "no fewer than", "no less than", "or more"),
        ("al menos", "por lo menos", "como mínimo", "mínimo", "no menos de", "o más"),
    ),
    "more_than": (
        ("more than", "over", "above", "upwards of", "in excess of"),
        ("más de", "mas de", "más que", "por encima de", "superior a", "sobre"),
    ),
    "approximately": (
        ("about", "around", "roughly", "approx", "circa", "some"),
        ("aproximadamente", "alrededor de", "cerca de", "unos", "unas", "aprox", "más o menos"),
    ),
    "at_most": (
        ("at most", "maximum", "no more than", "up to", "or fewer", "or less"),
        ("a lo sumo", "como máximo", "máximo", "hasta", "no más de", "o menos"),
    ),
    "between": (("range", "from to"), ("entre", "de a", "rango")),
    "nearly": (
        ("almost", "just under", "close to", "nearly"),
        ("casi", "poco menos de", "cerca de llegar a"),
    ),
    "unspecified": (("not stated", "unknown number"), ("sin especificar", "no especificado")),
    "all_known": (("all known", "every known"), ("todos los conocidos", "todas las conocidas")),
    # date precisions
    "day": (("date", "exact day", "daily"), ("día", "dia", "fecha exacta")),
    "month": (("monthly", "month only"), ("mes", "solo mes")),
    "year": (("yearly", "year only"), ("año", "ano", "solo año")),
    "unknown": (("not known", "no date"), ("desconocido", "desconocida", "sin fecha")),
    "not_stated": (
        ("not given", "none given", "no start"),
        ("no indicado", "no consta", "sin inicio", "no dice"),
    ),
    # actors
    "ngo": (("non governmental organisation", "ong"), ("ong", "organización no gubernamental")),
    "government": (("executive", "the government"), ("gobierno", "ejecutivo")),
    "legislature": (("parliament", "national assembly"), ("asamblea nacional", "parlamento")),
    "official": (("public official", "minister"), ("funcionario", "funcionaria", "ministro")),
    "opposition": (("opposition party",), ("oposición", "oposicion")),
    "un_body": (("united nations", "un"), ("naciones unidas", "onu")),
    "foreign_government": (
        ("foreign state", "another government"),
        ("gobierno extranjero", "gobierno de otro país"),
    ),
    "media": (("press", "newspaper"), ("medio", "medios", "prensa")),
    "relatives": (("family", "relatives"), ("familiares", "familia", "parientes")),
    # facility types
    "prison": (("jail", "penitentiary"), ("cárcel", "carcel", "prisión", "penitenciaría")),
    "intelligence_service_headquarters": (
        ("intelligence headquarters", "sebin headquarters"),
        ("sede de inteligencia", "sede del sebin", "sede de la dgcim"),
    ),
    "police_detention_centre": (
        ("police station", "police cells", "police detention center"),
        ("calabozo policial", "centro de detención policial", "comisaría"),
    ),
    "military_detention_centre": (
        ("military prison", "military detention center"),
        ("cárcel militar", "centro de detención militar"),
    ),
    "women_prison": (("women's prison", "female prison"), ("cárcel de mujeres", "inof")),
    # facility events
    "closure_announced": (
        ("closure announced", "announced closure"),
        ("cierre anunciado", "anuncio de cierre"),
    ),
    "repurposing_announced": (
        ("repurposing announced", "new use announced"),
        ("cambio de uso anunciado", "anuncio de nuevo uso"),
    ),
    "detainees_transferred": (
        ("prisoners transferred", "transfer"),
        ("traslado", "presos trasladados", "detenidos trasladados"),
    ),
    "closed": (("shut", "closure"), ("cerrado", "cerrada", "cierre")),
    "repurposed": (("converted", "new use"), ("reconvertido", "cambio de uso", "nuevo uso")),
    "works_started": (
        ("construction started", "works began"),
        ("obras iniciadas", "inicio de obras"),
    ),
    "reopened": (("opened again",), ("reabierto", "reabierta", "reapertura")),
    # claim statuses, verification
    "announced": (("promised", "declared"), ("anunciado", "anunciada", "anuncio")),
    "implemented": (("carried out", "done"), ("ejecutado", "implementado", "cumplido")),
    "verified": (("checked", "confirmed"), ("verificado", "verificada", "confirmado")),
    "claimed": (("stated", "asserted"), ("afirmado", "declarado", "según")),
    "estimated": (("estimate", "guess"), ("estimado", "estimada", "estimación")),
    "misreported": (
        ("misread", "reported wrongly"),
        ("mal informado", "error de prensa", "cifra errónea"),
    ),
    # legal instruments and stages
    "law": (("act", "statute"), ("ley",)),
    "decree": (("executive order",), ("decreto",)),
    "resolution": (("ruling",), ("resolución", "resolucion")),
    "first_reading": (("first debate",), ("primera discusión", "primera lectura")),
    "second_reading_deferred": (
        ("second reading postponed",),
        ("segunda discusión diferida", "segunda discusión aplazada"),
    ),
    "session_suspended": (("sitting suspended",), ("sesión suspendida", "sesion suspendida")),
    "sanctioned": (("passed", "adopted"), ("sancionada", "sancionado", "aprobada")),
    "promulgated": (("signed into law",), ("promulgada", "promulgado")),
    "published_in_gazette": (
        ("gazetted", "in the gazette"),
        ("publicada en gaceta", "gaceta oficial", "publicado en gaceta"),
    ),
    "in_force": (("effective", "in effect"), ("vigente", "en vigor", "en vigencia")),
    "unanimous": (("unanimously", "all in favour"), ("unanimidad", "unánime", "por unanimidad")),
    "majority": (("by majority", "majority vote"), ("mayoría", "por mayoría")),
    # measures
    "people": (("persons", "prisoners"), ("personas", "presos", "gente")),
    "requests": (("applications", "petitions"), ("solicitudes", "peticiones")),
    "cases": (("files", "proceedings"), ("casos", "expedientes")),
    # persons
    "public_figure": (
        ("public person", "politician", "well known"),
        ("figura pública", "figura publica", "persona pública", "político"),
    ),
    "consented": (("consent given", "agreed"), ("consintió", "con consentimiento", "autorizó")),
    "pseudonymous": (("pseudonym", "alias"), ("seudónimo", "seudonimo", "alias")),
    "withheld": (("hidden", "anonymous", "private"), ("oculto", "reservado", "anónimo", "privado")),
    # release events
    "release": (("released", "freed"), ("excarcelación", "excarcelado", "liberado")),
    "release_with_restrictions": (
        ("conditional release", "released with conditions", "parole"),
        ("libertad condicional", "medidas cautelares", "régimen de presentación"),
    ),
    "full_liberty": (
        ("full freedom", "unconditional release"),
        ("libertad plena", "plena libertad"),
    ),
    "house_arrest": (("home detention",), ("arresto domiciliario", "casa por cárcel")),
    "re_detention": (("arrested again", "rearrested"), ("nueva detención", "detenido de nuevo")),
    "exile": (("deported", "expelled"), ("exilio", "exiliado", "expulsado del país")),
    # sources
    "news": (("news story", "article"), ("noticia", "nota de prensa", "artículo")),
    "state_media": (("state television", "government media"), ("medio estatal", "vtv")),
    "ngo_report": (("ngo bulletin", "report"), ("informe de ong", "boletín", "informe")),
    "ngo_post": (("ngo tweet", "social media post"), ("publicación de ong", "tuit")),
    "government_statement": (
        ("official statement", "press release"),
        ("comunicado oficial", "declaración del gobierno"),
    ),
    "official_gazette": (("gazette",), ("gaceta", "gaceta oficial")),
    "un_statement": (("un press release",), ("comunicado de la onu", "declaración de la onu")),
    "es": (("spanish",), ("español", "castellano")),
    "en": (("english",), ("inglés", "ingles")),
    "pt": (("portuguese",), ("portugués", "portugues")),
    "it": (("italian",), ("italiano",)),
    "fr": (("french",), ("francés", "frances")),
    # a source's country (ISO 3166-1 alpha-2), by its names (words, issue 15.6)
    "AR": (("Argentina",), ("Argentina",)),
    "BO": (("Bolivia",), ("Bolivia",)),
    "BR": (("Brazil",), ("Brasil",)),
    "CA": (("Canada",), ("Canadá",)),
    "CL": (("Chile",), ("Chile",)),
    "CO": (("Colombia",), ("Colombia",)),
    "CR": (("Costa Rica",), ("Costa Rica",)),
    "CU": (("Cuba",), ("Cuba",)),
    "DE": (("Germany",), ("Alemania",)),
    "DO": (("Dominican Republic",), ("República Dominicana",)),
    "EC": (("Ecuador",), ("Ecuador",)),
    "ES": (("Spain",), ("España",)),
    "FR": (("France",), ("Francia",)),
    "GB": (("United Kingdom", "UK", "Britain"), ("Reino Unido",)),
    "GT": (("Guatemala",), ("Guatemala",)),
    "HN": (("Honduras",), ("Honduras",)),
    "IT": (("Italy",), ("Italia",)),
    "MX": (("Mexico",), ("México",)),
    "NI": (("Nicaragua",), ("Nicaragua",)),
    "PA": (("Panama",), ("Panamá",)),
    "PE": (("Peru",), ("Perú",)),
    "PR": (("Puerto Rico",), ("Puerto Rico",)),
    "PT": (("Portugal",), ("Portugal",)),
    "PY": (("Paraguay",), ("Paraguay",)),
    "SV": (("El Salvador",), ("El Salvador",)),
    "US": (("United States", "USA", "United States of America"), ("Estados Unidos",)),
    "UY": (("Uruguay",), ("Uruguay",)),
    "VE": (("Venezuela",), ("Venezuela",)),
}

# Values of opposite meaning: a suggestion never crosses from one to the other, since following
# it would reverse a fact (a floor read as a ceiling, a person withheld read as public).
OPPOSITES: list[tuple[str, str]] = [
    ("at_least", "at_most"),
    ("more_than", "at_most"),
    ("at_least", "nearly"),
    ("more_than", "nearly"),
    ("exact", "approximately"),
    ("exact", "nearly"),
    ("verified", "claimed"),
    ("verified", "estimated"),
    ("verified", "misreported"),
    ("announced", "implemented"),
    ("announced", "verified"),
    ("closed", "reopened"),
    ("closure_announced", "reopened"),
    ("release", "re_detention"),
    ("full_liberty", "release_with_restrictions"),
    ("full_liberty", "house_arrest"),
    ("public_figure", "withheld"),
    ("public_figure", "pseudonymous"),
    ("consented", "withheld"),
    ("unanimous", "majority"),
    ("day", "unknown"),
]

# How close a typed value must be to a phrase to be suggested (difflib's ratio).
CUTOFF = 0.75


def fold(text: str) -> str:
    """Lowercase, accents off, `_`/`-` and runs of spaces as one space, edges trimmed."""
    plain = unicodedata.normalize("NFKD", str(text).lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[_\-.,;:]+", " ", plain).split())


def opposites_of(value: str) -> set[str]:
    """The values a suggestion for `value` may never be."""
    return {b if a == value else a for a, b in OPPOSITES if value in (a, b)}


def phrases_of(value: str) -> list[str]:
    """Every folded phrase that names value, its own code first."""
    english, spanish = PHRASES.get(value, ((), ()))
    return list(dict.fromkeys(fold(p) for p in (value, *english, *spanish)))


def score(typed: str, value: str) -> float:
    """How near the typed text is to the value's nearest phrase, 0 to 1."""
    return max(difflib.SequenceMatcher(None, typed, p).ratio() for p in phrases_of(value))


def suggest(typed: str, allowed: list[str]) -> str:
    """The allowed value the typed text most likely means, or "" when none is near enough or the
    nearest is about as near to its opposite (a suggestion that might reverse a fact is none)."""
    folded = fold(typed)
    if not folded:
        return ""
    exact = [v for v in allowed if folded in phrases_of(v)]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return ""  # one phrase for two allowed values: say which values there are instead
    scores = {v: score(folded, v) for v in allowed}
    best = max(scores, key=lambda v: scores[v], default="")
    if not best or scores[best] < CUTOFF:
        return ""
    rivals = [scores[o] for o in opposites_of(best) if o in scores]
    if any(r >= CUTOFF or scores[best] - r < 0.15 for r in rivals):
        return ""
    return best
