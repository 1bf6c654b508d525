"""Every problem the program can report, declared once: code, title, messages and hint.

How to add a problem (frictionless' `errors/` is the model):

    "my-code": Problem(
        "What went wrong, in a few words",            # the title, for the reader of this file
        messages=[
            ("English template {lead}{value}", "plantilla en español {lead}{value}"),
        ],
        hint=("how to fix it", "cómo corregirlo"),   # or COMPUTED (see below)
    ),

- The code is what `Issue(path, line, code, message)` carries; emit no code that is not here
  (tests/architecture/test_catalogue.py reads each module's Issue calls and fails on a missing one).
- messages: (English template, Spanish template) pairs, most specific first. The stages write
  the English text; report/messages.py reads it back through the English template and writes the
  Spanish one, so the English template must give the English message exactly. {lead} is the
  optional 'field "x": ' lead-in; {label}, {kind} and {special} are translated through
  report/messages.py WORDS_ES; any other {name} is copied as it stands.
- hint: (English, Spanish), the same for every problem of the code; or COMPUTED when the hint is
  drawn from the project (did-you-mean, the accepted values): the function is in
  report/hints.py COMPUTED_HINTS, which words it in both languages.
- Spanish uses `usted`, in neutral Latin American wording, like the templates below.
"""

from __future__ import annotations

from dataclasses import dataclass

COMPUTED = ("", "")  # the hint is worked out from the project in report/hints.py


@dataclass(frozen=True)
class Problem:
    """One problem code: a title, its (English, Spanish) message templates and its hint."""

    title: str
    messages: list[tuple[str, str]]
    hint: tuple[str, str]


PROBLEMS: dict[str, Problem] = {
    "type": Problem(
        "A value is not of its field's type",
        messages=[
            ('{lead}"{value}" is not a valid {kind}', '{lead}"{value}" no es válido como {kind}'),
        ],
        hint=COMPUTED,  # report/hints.py hint_type
    ),
    "required": Problem(
        "A required field is empty",
        messages=[
            ("{lead}is required but empty", "{lead}es obligatorio y está vacío"),
            (
                '{lead}is required, and the record has no "{key}:" line',
                '{lead}es obligatorio, y el registro no tiene la línea "{key}:"',
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_required
    ),
    "enum": Problem(
        "A value is not one of the field's allowed values",
        messages=[
            ('{lead}"{value}" is not one of {allowed}', '{lead}"{value}" no es uno de {allowed}'),
        ],
        hint=COMPUTED,  # report/hints.py hint_enum
    ),
    "pattern": Problem(
        "A value does not match the field's pattern",
        messages=[
            (
                '{lead}"{value}" does not match the pattern {pattern}',
                '{lead}"{value}" no sigue el patrón {pattern}',
            ),
            (
                '{lead}"{value}" is not a date written YYYY-MM-DD, YYYY-MM or YYYY',
                '{lead}"{value}" no es una fecha escrita AAAA-MM-DD, AAAA-MM o AAAA',
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_pattern
    ),
    "minimum": Problem(
        "A number is below the field's minimum",
        messages=[
            (
                "{lead}{value} is less than the minimum {limit}",
                "{lead}{value} es menor que el mínimo {limit}",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_minimum
    ),
    "maximum": Problem(
        "A number is above the field's maximum",
        messages=[
            (
                "{lead}{value} is more than the maximum {limit}",
                "{lead}{value} es mayor que el máximo {limit}",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_maximum
    ),
    "max-length": Problem(
        "A text is longer than the field allows",
        messages=[
            (
                "{lead}is {n} characters long, more than {limit}",
                "{lead}tiene {n} caracteres, más de {limit}",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_max_length
    ),
    "min-length": Problem(
        "A text is shorter than the field allows",
        messages=[
            (
                "{lead}is {n} characters long, less than {limit}",
                "{lead}tiene {n} caracteres, menos de {limit}",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_min_length
    ),
    "missing-source": Problem(
        "A row cites no source",
        messages=[
            (
                "{lead}every {table} row must cite a source",
                "{lead}cada fila de {table} debe citar una fuente",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_missing_source
    ),
    "unknown-source": Problem(
        "A row cites a source that does not exist",
        messages=[
            ('{lead}"{value}" is not an id in {target}', '{lead}"{value}" no es un id de {target}'),
        ],
        hint=COMPUTED,  # report/hints.py hint_reference
    ),
    "foreign-key": Problem(
        "A reference names no existing row or table",
        messages=[
            ('{lead}"{value}" is not an id in {target}', '{lead}"{value}" no es un id de {target}'),
            (
                '{table} refers to a table "{target}" that no dataset declares',
                '{table} remite a una tabla "{target}" que ningún conjunto de datos declara',
            ),
            (
                "{table} refers to {target}, a list field; a key must be a single value",
                "{table} remite a {target}, un campo de lista; una clave debe ser un valor único",
            ),
            (
                "{table} refers to {target}, which is not a field of {other}",
                "{table} remite a {target}, que no es un campo de {other}",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_reference
    ),
    "duplicate-claim": Problem(
        "Two rows report the same claim (claimant, measure, window, date and value)",
        messages=[
            (
                'the same claim as "{first}" at line {n} (same {fields})',
                'la misma cifra que "{first}" en la línea {n} (mismos {fields})',
            ),
            (
                'the same claim as "{first}" at {where} (same {fields})',
                'la misma cifra que "{first}" en {where} (mismos {fields})',
            ),
        ],
        hint=COMPUTED,
    ),
    "duplicate-key": Problem(
        "Two rows share a primary key",
        messages=[
            (
                '{lead}"{key}" is already used at line {n}',
                '{lead}"{key}" ya se usa en la línea {n}',
            ),
            ('{lead}"{key}" is already used at {where}', '{lead}"{key}" ya se usa en {where}'),
        ],
        hint=(
            "one of the two has the wrong id: give it an id of its own (the one whose id does "
            "not fit its values, often a copy whose id was not changed); if both are the same "
            "record, keep one",
            "uno de los dos tiene el id equivocado: dele un id propio (el que no corresponde a sus "
            "valores, a menudo una copia a la que no se cambió el id); si los dos son el mismo "
            "registro, conserve uno",
        ),
    ),
    "date-precision": Problem(
        "A date and its precision disagree",
        messages=[
            (
                '{lead}is empty but {precision_field} is "{precision}"',
                '{lead}está vacío pero {precision_field} es "{precision}"',
            ),
            (
                '{lead}"{value}" needs {precision_field} day, month or year, not empty',
                '{lead}"{value}" necesita {precision_field} day, month o year, y está vacío',
            ),
            (
                '{lead}"{value}" needs {precision_field} day, month or year, not "{precision}"',
                '{lead}"{value}" necesita {precision_field} day, month o year, no "{precision}"',
            ),
            (
                '{lead}"{value}" does not have the form of precision "{precision}"',
                '{lead}"{value}" no tiene la forma de la precisión "{precision}"',
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_date_precision
    ),
    "language-missing": Problem(
        "A text does not say which language it is written in",
        messages=[
            (
                "{lead}is filled but {language_field} is empty",
                "{lead}está rellenado pero {language_field} está vacío",
            ),
        ],
        hint=(
            "fill the field named in the message with the language the text itself is written in "
            "(for example es or en), so that the site can mark it; a text in our own words goes "
            "in the summary or note fields instead",
            "rellene el campo que nombra el mensaje con el idioma en que está escrito el propio "
            "texto (por ejemplo es o en), para que el sitio pueda marcarlo; un texto en nuestras "
            "palabras va en los campos de resumen o nota",
        ),
    ),
    "date-invalid": Problem(
        "A date does not exist in the calendar",
        messages=[
            ('{lead}"{value}" is not a real date', '{lead}"{value}" no es una fecha real'),
        ],
        hint=COMPUTED,  # report/hints.py hint_date_invalid
    ),
    "date-dmy": Problem(
        "A date is written day/month/year",
        messages=[
            (
                '{lead}"{value}" is written day/month/year',
                '{lead}"{value}" está escrito como día/mes/año',
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_date_dmy: the ISO form, or why it is ambiguous
    ),
    "date-future": Problem(
        "A date is in the future",
        messages=[
            (
                '{lead}"{value}" is in the future (today is {today})',
                '{lead}"{value}" está en el futuro (hoy es {today})',
            ),
        ],
        hint=(
            "check the year and the month; a fact is recorded once a source reports that it "
            "happened",
            "revise el año y el mes; un hecho se registra cuando una fuente informa de que ocurrió",
        ),
    ),
    "date-order": Problem(
        "A date comes after the date it may not pass",
        messages=[
            (
                '{lead}"{value}" is after {other} "{limit}"',
                '{lead}"{value}" es posterior a {other} "{limit}"',
            ),
        ],
        hint=(
            "check both dates against the source: a period starts on or before the date it is "
            "counted to; if the source gives no start, leave it empty with precision not_stated",
            "revise ambas fechas con la fuente: un período empieza en la fecha hasta la que se "
            "cuenta o antes; si la fuente no da inicio, déjelo vacío con precisión not_stated",
        ),
    ),
    "list-repeat": Problem(
        "A list names one item twice",
        messages=[
            (
                '{lead}"{value}" is listed twice; list each item once',
                '{lead}"{value}" figura dos veces; ponga cada elemento una sola vez',
            ),
        ],
        hint=(
            "delete the second one: an item listed twice reads as two (a source cited twice, as "
            "two sources of the claim)",
            "borre el segundo: un elemento que figura dos veces se lee como dos (una fuente citada "
            "dos veces, como dos fuentes de la cifra)",
        ),
    ),
    "integer-form": Problem(
        "A whole number not written in plain digits",
        messages=[
            (
                '{lead}"{value}" is read as {number}; write {plain}, in plain digits',
                '{lead}"{value}" se lee como {number}; escriba {plain}, solo con cifras',
            ),
        ],
        hint=(
            "write whole numbers with the digits 0 to 9 only: no sign +, no leading zero, no _ "
            "between the digits",
            "escriba los números enteros solo con las cifras 0 a 9: sin signo +, sin ceros a la "
            "izquierda y sin _ entre las cifras",
        ),
    ),
    "range-order": Problem(
        "The upper end of a range is below its lower end",
        messages=[
            (
                '{lead}"{value}" is less than {other} "{lower}"',
                '{lead}"{value}" es menor que {other} "{lower}"',
            ),
            (
                '{lead}"{value}" is the upper end of a range with no {other}',
                '{lead}"{value}" es el extremo superior de un rango sin {other}',
            ),
        ],
        hint=(
            "write the smaller number of the range in the first field and the larger in this one "
            '(for "between 8 and 11": 8, then 11)',
            "escriba el número menor del rango en el primer campo y el mayor en este "
            "(para «entre 8 y 11»: 8 y luego 11)",
        ),
    ),
    "filled-when": Problem(
        "A field is filled, or left empty, against the value of another",
        messages=[
            (
                '{lead}is filled but {other} is "{condition}"; only {wanted} has it',
                '{lead}está rellenado pero {other} es "{condition}"; solo lo lleva {wanted}',
            ),
            (
                '{lead}is empty but {other} is "{condition}", which needs it',
                '{lead}está vacío pero {other} es "{condition}", que lo necesita',
            ),
        ],
        hint=(
            "the two fields go together (a number with every qualifier, an upper value only for "
            "a range, qualifier between): fill or empty this one, or change the other, "
            "whichever the source supports",
            "los dos campos van juntos (una cifra con todo calificador, un valor superior solo "
            "para un rango, calificador between): rellene o vacíe este, o cambie el otro, según "
            "lo que diga la fuente",
        ),
    ),
    "privacy-minor": Problem(
        "A minor's personal data is filled in",
        messages=[
            (
                "{lead}a minor's personal data is never recorded; remove it",
                "{lead}nunca se registran datos personales de un menor; elimínelos",
            ),
        ],
        hint=(
            "leave a minor's personal fields empty; keep only the facts of the release",
            "deje vacíos los campos personales de un menor; conserve solo los hechos de la "
            "excarcelación",
        ),
    ),
    "privacy-name": Problem(
        "A withheld person's name appears in the data",
        messages=[
            (
                "{lead}contains the name of a person whose name is withheld ({where}); remove it",
                "{lead}contiene el nombre de una persona cuyo nombre está reservado ({where}); "
                "elimínelo",
            ),
            (
                "{lead}spells the withheld {what}; use an id that says nothing about the person",
                "{lead}reproduce lo que guarda el campo reservado {what}; use un id que no diga "
                "nada de la persona",
            ),
            (
                "{lead}repeats part of the withheld {what}; choose an unrelated pseudonym",
                "{lead}repite parte del dato reservado {what}; elija un seudónimo sin relación",
            ),
        ],
        hint=(
            "remove the withheld name; refer to the person only by the record's id",
            "quite el nombre reservado; refiérase a la persona solo por el id del registro",
        ),
    ),
    "privacy-private-name": Problem(
        "A record that is not public holds a name",
        messages=[
            (
                "{lead}a {level} record holds no real name: the repository and its history are "
                "public; leave it empty",
                "{lead}un registro {level} no guarda ningún nombre real: el repositorio y su "
                "historial son públicos; déjelo vacío",
            ),
            (
                "{lead}looks like a name, which a {level} record never holds: the repository "
                "and its history are public; leave it out",
                "{lead}parece un nombre, y un registro {level} nunca lo guarda: el repositorio y "
                "su historial son públicos; quítelo",
            ),
            (
                "{lead}looks like a name, where a person is cited by the id of their {table} "
                "record, never by name: the repository and its history are public",
                "{lead}parece un nombre, y a una persona se la cita por el id de su registro de "
                "{table}, nunca por su nombre: el repositorio y su historial son públicos",
            ),
        ],
        hint=(
            "keep the name only in the maintainers' private register (SECURITY.md, \"The "
            'private register"), never in a file, commit or pull request; the record keeps its '
            "id, and a pseudonymous one its pseudonym in the pseudonym field",
            "guarde el nombre solo en el registro privado de los mantenedores (SECURITY.es.md, "
            "«El registro privado»), nunca en un archivo, commit ni pull request; el registro "
            "conserva su id, y uno pseudonymous su seudónimo en el campo pseudonym",
        ),
    ),
    "privacy-telling-id": Problem(
        "The id of a record that is not public could say who the person is",
        messages=[
            (
                "{lead}the id of a {level} record must say nothing about the person: give it a "
                "number no other record has, as {example}",
                "{lead}el id de un registro {level} no debe decir nada de la persona: dele un "
                "número que no tenga otro registro, como {example}",
            ),
        ],
        hint=(
            "an id made of a name stays public after the name is emptied: in the file's name, in "
            "every record that cites it and in git history; rename the file and those records too",
            "un id hecho con un nombre sigue siendo público aunque se vacíe el nombre: en el "
            "nombre del archivo, en cada registro que lo cita y en el historial de git; cambie "
            "también el archivo y esos registros",
        ),
    ),
    "privacy-basis": Problem(
        "A record published with a name does not cite its basis",
        messages=[
            (
                "{lead}a {level} record must cite its basis: sources from {need} independent "
                "outlets in {fields}, or a {consent} (outlets cited: {found})",
                "{lead}un registro {level} debe citar su fundamento: fuentes de {need} medios "
                "independientes en {fields}, o un {consent} (medios citados: {found})",
            ),
            (
                "{lead}a {level} record must cite its basis: sources from {need} independent "
                "outlets in {fields} (outlets cited: {found})",
                "{lead}un registro {level} debe citar su fundamento: fuentes de {need} medios "
                "independientes en {fields} (medios citados: {found})",
            ),
        ],
        hint=(
            "add a source from another outlet (a different agency or publisher: two copies of "
            "one agency's text count once) to basis_source_ids, or for documented consent the "
            "id of its entry in the private consent register as consent_ref; otherwise set "
            "publish_level to withheld and empty the name",
            "añada a basis_source_ids una fuente de otro medio (otra agencia o editor: dos copias "
            "del texto de una misma agencia cuentan una vez), o, si hay consentimiento "
            "documentado, el id de su entrada en el registro privado de consentimientos como "
            "consent_ref; si no, ponga publish_level en withheld y vacíe el nombre",
        ),
    ),
    "privacy-singling-out": Problem(
        "A withheld person could be singled out",
        messages=[
            (
                '{lead}a withheld person released alone at "{place}" on {date} could be '
                "identified; set {precision_field} to month or leave out the place",
                '{lead}una persona reservada, excarcelada sola en "{place}" el {date}, podría ser '
                "identificada; ponga {precision_field} en month u omita el lugar",
            ),
        ],
        hint=(
            "give the month only (precision month), or leave out the facility",
            "indique solo el mes (precisión month), u omita el centro",
        ),
    ),
    "hidden-text": Problem(
        "A text holds an invisible direction control",
        messages=[
            (
                "{lead}a text direction control (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, "
                "U+061C) can make it show other than it reads; remove it",
                "{lead}un control de dirección del texto (U+202A-U+202E, U+2066-U+2069, U+200E, "
                "U+200F, U+061C) puede hacer que se vea distinto de lo que dice; elimínelo",
            ),
        ],
        hint=(
            "retype the text without the invisible direction control (copying from a word "
            "processor or a right-to-left text can bring one in)",
            "vuelva a escribir el texto sin el control de dirección invisible (copiar de un "
            "procesador de textos o de un texto de derecha a izquierda puede traerlo)",
        ),
    ),
    "privacy-identifier": Problem(
        "A text holds a personal identifier",
        messages=[
            (
                "{lead}looks like a {label}; personal identifiers are never published",
                "{lead}parece {label}; nunca se publican identificadores personales",
            ),
        ],
        hint=(
            'delete it from the text; see "What never to publish" in CONTRIBUTING.md',
            "bórrelo del texto; vea «Lo que nunca se publica» en CONTRIBUTING.es.md",
        ),
    ),
    "blank-row": Problem(
        "A record is empty",
        messages=[
            (
                "every field of this record is empty",
                "todos los campos de este registro están vacíos",
            ),
        ],
        hint=("fill in the record, or delete it", "rellene el registro, o bórrelo"),
    ),
    "mkdocs-setting": Problem(
        "mkdocs.yml sets a key the build owns",
        messages=[
            (
                "`INHERIT` is not allowed; write every setting in mkdocs.yml itself",
                "no se permite `INHERIT`; escriba todos los ajustes en el propio mkdocs.yml",
            ),
            (
                "`theme.custom_dir` must be a folder inside site_templates/",
                "`theme.custom_dir` debe ser una carpeta dentro de site_templates/",
            ),
            (
                "`{key}` is set by the build; remove it from mkdocs.yml",
                "`{key}` lo fija la compilación; quítelo de mkdocs.yml",
            ),
        ],
        hint=(
            "keep mkdocs.yml as shipped for these keys; theme overrides go in "
            "site_templates/overrides",
            "deje mkdocs.yml como se entrega en estas claves; las plantillas del tema van en "
            "site_templates/overrides",
        ),
    ),
    "symlink": Problem(
        "A symbolic link among the inputs",
        messages=[
            ("symbolic links are not allowed", "no se permiten enlaces simbólicos"),
        ],
        hint=("replace the link with the file itself", "sustituya el enlace por el propio archivo"),
    ),
    "special-file": Problem(
        "A pipe, socket or device among the inputs",
        messages=[
            (
                "{special} is not a file the build can read; only regular files and folders are "
                "allowed",
                "{special} no es un archivo que la compilación pueda leer; solo se admiten "
                "archivos normales y carpetas",
            ),
            ("cannot be looked at ({error})", "no se puede examinar ({error})"),
        ],
        hint=(
            "delete it; only regular files belong in the project",
            "bórrelo; en el proyecto solo caben archivos normales",
        ),
    ),
    "file-missing": Problem(
        "A declared file or folder does not exist",
        messages=[
            ("folder not found", "no se encontró la carpeta"),
            ("file not found", "no se encontró el archivo"),
            (
                "every dataset folder needs a datapackage.yaml",
                "cada carpeta de conjunto de datos necesita un datapackage.yaml",
            ),
            (
                'table "{table}": no schema {schema}',
                'tabla "{table}": no existe el esquema {schema}',
            ),
            ('table "{table}": file not found', 'tabla "{table}": no se encontró el archivo'),
        ],
        hint=(
            "create the file, or correct the path in datapackage.yaml",
            "cree el archivo, o corrija la ruta en datapackage.yaml",
        ),
    ),
    "unsafe-name": Problem(
        "A dataset, table, schema or page name is not a safe slug",
        messages=[
            (
                'dataset name "{name}" must be a lowercase slug like prisoner-releases',
                'el nombre del conjunto de datos "{name}" debe ir en minúsculas y con guiones, '
                "como prisoner-releases",
            ),
            (
                'table name "{name}" must be lowercase letters, digits and _',
                'el nombre de tabla "{name}" solo admite minúsculas, cifras y _',
            ),
            (
                'table "{table}": schema "{schema}" must be a schema name like {example}',
                'tabla "{table}": el esquema "{schema}" debe ser un nombre de esquema como '
                "{example}",
            ),
            (
                '"{value}" cannot be a page name; use a lowercase slug',
                '"{value}" no puede ser nombre de página; use minúsculas y guiones',
            ),
        ],
        hint=(
            "use lowercase letters, digits and hyphens (tables: _ instead of hyphens)",
            "use minúsculas, cifras y guiones (en tablas, _ en lugar de guiones)",
        ),
    ),
    "config": Problem(
        "A datapackage.yaml or site.yaml setting is wrong",
        messages=[
            (
                'dataset name "{name}" must match its folder "{folder}"',
                'el nombre del conjunto de datos "{name}" debe coincidir con su carpeta "{folder}"',
            ),
            (
                "datapackage.yaml needs a list of resources",
                "datapackage.yaml necesita una lista de recursos (resources)",
            ),
            (
                'version_notes: "{lang}" is not a language the notes are translated into; the '
                "site's other languages are {others}",
                'version_notes: "{lang}" no es un idioma al que se traduzcan las notas; los otros '
                "idiomas del sitio son {others}",
            ),
            (
                'featured.rows: "{id}" of {table} is already pinned at line {line}',
                'featured.rows: "{id}" de {table} ya está fijado en la línea {line}',
            ),
            (
                'version_notes.{lang}: "{version}" is not a frozen version of {dataset}; the '
                "frozen versions are {known}",
                'version_notes.{lang}: "{version}" no es una versión congelada de {dataset}; las '
                "versiones congeladas son {known}",
            ),
            (
                'table "{table}" is already declared in {where}',
                'la tabla "{table}" ya está declarada en {where}',
            ),
            (
                "each resource must be a mapping with name, path and schema",
                "cada recurso debe ser un mapeo con name, path y schema",
            ),
            (
                "pages must be a list of mappings (table, folder, template, index_template…)",
                "pages debe ser una lista de mapeos (table, folder, template, index_template…)",
            ),
            (
                'pages: table "{table}" has {n} rows, more than max_pages {limit}; one page per '
                "row would slow every build, so raise max_pages or take the table out of pages "
                "(its rows stay in the data downloads)",
                'pages: la tabla "{table}" tiene {n} filas, más que max_pages {limit}; una página '
                "por fila haría lenta cada compilación, así que suba max_pages o saque la "
                "tabla de pages (sus filas siguen en las descargas de datos)",
            ),
            ("pages: an entry has no {key}", "pages: a una entrada le falta {key}"),
            (
                "pages: no template site_templates/pages/{name}",
                "pages: no existe la plantilla site_templates/pages/{name}",
            ),
            (
                'pages: max_pages "{value}" must be a whole number',
                'pages: max_pages "{value}" debe ser un número entero',
            ),
            (
                'featured: no {table} row with id "{id}"',
                'featured: no hay ninguna fila de {table} con id "{id}"',
            ),
            (
                "featured must be a mapping whose rows are a list of mappings with table and id",
                "featured debe ser un mapeo cuyas filas (rows) sean una lista de mapeos con table "
                "e id",
            ),
            (
                "timeline must be a list of mappings with table and date_field",
                "timeline debe ser una lista de mapeos con table y date_field",
            ),
            (
                "home_events must be a mapping with tables (a list) and count (a whole number)",
                "home_events debe ser un mapeo con tables (una lista) y count (un número entero)",
            ),
            (
                'home_events: "{table}" is not a table of the timeline',
                'home_events: "{table}" no es una tabla de timeline',
            ),
            (
                '{section}: no {table} row with id "{id}"',
                '{section}: no hay ninguna fila de {table} con id "{id}"',
            ),
            (
                "languages must be a list of language codes, like [en, es]",
                "languages debe ser una lista de códigos de idioma, como [en, es]",
            ),
            (
                'languages: "{lang}" must be a language code like es, with a file of its texts in '
                "site_templates/i18n/",
                'languages: "{lang}" debe ser un código de idioma como es, con un archivo de sus '
                "textos en site_templates/i18n/",
            ),
            (
                '{section}: "{name}" is not a field of {table}',
                '{section}: "{name}" no es un campo de {table}',
            ),
            ('{section}: no table "{table}"', '{section}: no hay ninguna tabla "{table}"'),
        ],
        hint=COMPUTED,  # report/hints.py hint_config
    ),
    "unsafe-path": Problem(
        "A path leaves its folder, or is a link",
        messages=[
            (
                'table "{table}": path "{path}" must stay inside {folder}',
                'tabla "{table}": la ruta "{path}" debe quedar dentro de {folder}',
            ),
            (
                "versions must be a folder, not a symbolic link or a special file",
                "versions debe ser una carpeta, no un enlace simbólico ni un archivo especial",
            ),
            (
                "symbolic links and special files are not allowed in versions/",
                "en versions/ no se permiten enlaces simbólicos ni archivos especiales",
            ),
            (
                "a lock must be a plain file, not a symbolic link or a folder",
                "un lock debe ser un archivo normal, no un enlace simbólico ni una carpeta",
            ),
            (
                "a frozen version must be a plain folder, not a symbolic link",
                "una versión congelada debe ser una carpeta normal, no un enlace simbólico",
            ),
            (
                'resource path "{path}" must be a plain file name inside {folder}',
                'la ruta de recurso "{path}" debe ser un nombre de archivo simple dentro de '
                "{folder}",
            ),
            (
                '"{path}" must be a plain file name inside {folder}',
                '"{path}" debe ser un nombre de archivo simple dentro de {folder}',
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_unsafe_path
    ),
    "schema-invalid": Problem(
        "A table schema is not valid",
        messages=[
            ("field names must be unique", "los nombres de campo deben ser únicos"),
            (
                "{lead}i18n must map each language to a title and a description",
                "{lead}i18n debe asociar a cada idioma un título y una descripción",
            ),
            (
                '{lead}i18n {lang} has an unknown key "{key}"; only title and description belong '
                "there (put a translation that holds a comma in quotes)",
                '{lead}i18n {lang} tiene una clave desconocida "{key}"; solo caben title y '
                "description (ponga entre comillas una traducción que lleve una coma)",
            ),
            (
                "{lead}the {key} has no {lang} translation under i18n",
                "{lead}falta la traducción {lang} de {key} en i18n",
            ),
            (
                "{lead}the {lang} {key} is less than half as long as the English one; is it cut "
                "short?",
                "{lead}{key} en {lang} no llega a la mitad del largo del inglés; ¿quedó cortada?",
            ),
            (
                "{lead}pattern {pattern} is not a regular expression Python can read ({error})",
                "{lead}el patrón {pattern} no es una expresión regular que Python pueda leer "
                "({error})",
            ),
            (
                "{lead}a list needs a delimiter of one or more characters and no format",
                "{lead}una lista necesita un delimitador de uno o más caracteres y ningún formato",
            ),
            (
                "{lead}precisionField must name another field that is not a list, on a field that "
                "is not a list",
                "{lead}precisionField debe nombrar otro campo que no sea una lista, en un campo "
                "que no sea una lista",
            ),
            (
                "{lead}translationFields must map each language to another field of the table, of "
                "the same type",
                "{lead}translationFields debe asociar a cada idioma otro campo de la tabla, del "
                "mismo tipo",
            ),
            (
                "{lead}languageField must name another field of the table",
                "{lead}languageField debe nombrar otro campo de la tabla",
            ),
            (
                "a foreign key of several fields may not use a list field",
                "una clave foránea de varios campos no puede usar un campo de lista",
            ),
            ("primaryKey may not use a list field", "primaryKey no puede usar un campo de lista"),
            (
                "claimKey must list fields of the table that are not lists",
                "claimKey debe enumerar campos de la tabla que no sean listas",
            ),
            (
                "privacy must be a mapping (levelField, publicLevels, minorField, singlingOut…)",
                "privacy debe ser un mapeo (levelField, publicLevels, minorField, singlingOut…)",
            ),
            (
                "privacy: singlingOut must be a mapping with person, place and date",
                "privacy: singlingOut debe ser un mapeo con person, place y date",
            ),
            (
                'privacy: singlingOut place "{value}" is not a field of the table',
                'privacy: el place "{value}" de singlingOut no es un campo de la tabla',
            ),
            (
                "privacy: singlingOut minGroup must be a whole number",
                "privacy: minGroup de singlingOut debe ser un número entero",
            ),
            (
                "privacy: {key} must be a list of publish levels, like [public_figure, consented]",
                "privacy: {key} debe ser una lista de niveles de publicación, como "
                "[public_figure, consented]",
            ),
            (
                'privacy: {key} "{value}" must name a field of the table that is not a list',
                'privacy: {key} "{value}" debe nombrar un campo de la tabla que no sea una lista',
            ),
            ("{detail}", "el esquema no es válido ({detail})"),
        ],
        hint=(
            "schemas are Frictionless Table Schemas; ask a maintainer",
            "los esquemas son Table Schema de Frictionless; consulte a quien mantiene el proyecto",
        ),
    ),
    "not-finite": Problem(
        "A number is NaN or infinite",
        messages=[
            (
                '{lead}"{value}" is not a finite number, and JSON and spreadsheets cannot hold '
                "it; write the number, or leave the field empty",
                '{lead}"{value}" no es un número finito, y ni JSON ni las hojas de cálculo pueden '
                "guardarlo; escriba el número o deje el campo vacío",
            ),
        ],
        hint=(
            "write digits, like 12.5; NaN, Infinity and numbers like 1e999 cannot be published",
            "escriba cifras, como 12.5; NaN, Infinity y números como 1e999 no se pueden publicar",
        ),
    ),
    "number-precision": Problem(
        "A number has more digits than the downloads hold",
        messages=[
            (
                '{lead}"{value}" has more digits than the downloads can hold, and would be '
                "published as {published}; write at most 15 significant digits",
                '{lead}"{value}" tiene más cifras de las que pueden guardar las descargas, y se '
                "publicaría como {published}; escriba como mucho 15 cifras significativas",
            ),
            (
                '{lead}"{value}" is beyond the 64-bit integers the downloads can hold ({low} to '
                "{high})",
                '{lead}"{value}" está fuera de los enteros de 64 bits que pueden guardar las '
                "descargas ({low} a {high})",
            ),
        ],
        hint=(
            "check the number: a count or a coordinate never needs more digits",
            "revise el número: un recuento o una coordenada nunca necesita más cifras",
        ),
    ),
    "text-too-long": Problem(
        "A text is longer than a spreadsheet cell holds",
        messages=[
            (
                "{lead}is {n} characters long, more than the {limit} a spreadsheet cell can hold, "
                "so the XLSX download would cut it",
                "{lead}tiene {n} caracteres, más de los {limit} que caben en una celda de hoja de "
                "cálculo, así que la descarga XLSX lo cortaría",
            ),
        ],
        hint=(
            "shorten the text; a long document belongs in a source, cited by its link",
            "acorte el texto; un documento largo va en una fuente, citada por su enlace",
        ),
    ),
    "check-failed": Problem(
        "The table checker stopped on a value",
        messages=[
            (
                "frictionless could not check table {table} ({error}); look for an unusual value "
                "in it, such as sNaN in a number field",
                "frictionless no pudo revisar la tabla {table} ({error}); busque en ella un valor "
                "inusual, como sNaN en un campo numérico",
            ),
        ],
        hint=(
            "write the value as a plain number or text; if it looks right, ask a maintainer",
            "escriba el valor como un número o texto sencillo; si parece correcto, consulte a "
            "quien mantiene el proyecto",
        ),
    ),
    "unknown-file": Problem(
        "A file that is no table in a data folder",
        messages=[
            (
                "only .yaml files belong in a one-record-per-file folder",
                "en una carpeta de un registro por archivo solo caben archivos .yaml",
            ),
            (
                "tables are .csv or .yaml files, or a folder of .yaml files",
                "las tablas son archivos .csv o .yaml, o una carpeta de archivos .yaml",
            ),
            (
                "the table {table} is read from {file}, never from this; keep one of the two",
                "la tabla {table} se lee de {file}, nunca de esto; conserve uno de los dos",
            ),
            (
                "only site.yaml and the datasets' folders belong in data/, so this is never read; "
                "move a record into its table's folder or file",
                "en data/ solo caben site.yaml y las carpetas de los conjuntos de datos, así que "
                "esto nunca se lee; mueva un registro a la carpeta o al archivo de su tabla",
            ),
            (
                "a folder inside a table's folder is never read; move its records up",
                "una carpeta dentro de la carpeta de una tabla nunca se lee; suba sus registros",
            ),
            (
                "a hidden file is never read; remove the dot at the start of its name",
                "un archivo oculto nunca se lee; quite el punto del comienzo de su nombre",
            ),
            (
                "a record file ends in .yaml: rename it to {name}",
                "un archivo de registro termina en .yaml: renómbrelo a {name}",
            ),
            (
                "this is not a table of the dataset, so it is never read: its tables are "
                "{tables}; move a record into its table's folder or file",
                "esto no es una tabla del conjunto de datos, así que nunca se lee: sus tablas son "
                "{tables}; mueva un registro a la carpeta o al archivo de su tabla",
            ),
        ],
        hint=(
            "move or rename the file: tables are .csv or .yaml",
            "mueva o renombre el archivo: las tablas son .csv o .yaml",
        ),
    ),
    "record-file-name": Problem(
        "A record file is not named by its primary key",
        messages=[
            (
                'the file is named {file} but the record\'s {key} is "{value}": rename the file '
                "to {expected}",
                'el archivo se llama {file} pero el {key} del registro es "{value}": cambie el '
                "nombre del archivo a {expected}",
            ),
            (
                'the record\'s {key} "{value}" is already that of {file} beside it: give this '
                "record its own {key2}, and name the file after it",
                'el {key} "{value}" del registro ya es el de {file}, a su lado: dé a este registro '
                "un {key2} propio y nombre el archivo como él",
            ),
            (
                'the {key} "{value}" cannot name a file: use letters, digits, ".", "_" and "-"',
                'el {key} "{value}" no puede ser nombre de archivo: use letras, dígitos, ".", "_" '
                'y "-"',
            ),
        ],
        hint=(
            "in a table folder each record is one file named by its id (<id>.yaml), so two "
            "people adding records never edit the same file",
            "en una carpeta de tabla cada registro es un archivo con el nombre de su id "
            "(<id>.yaml), así dos personas que agregan registros nunca editan el mismo archivo",
        ),
    ),
    "record-table": Problem(
        "A record file is in another table's folder",
        messages=[
            (
                "its fields are those of {other}, not of {table}: move the file to {folder}",
                "sus campos son los de {other}, no los de {table}: mueva el archivo a {folder}",
            ),
            (
                "its fields are those of {other}, not of {table}: add the record to {file} and "
                "delete this file",
                "sus campos son los de {other}, no los de {table}: añada el registro a {file} y "
                "borre este archivo",
            ),
            (
                "{folder} is not a dataset: the records of {table} go in {target}",
                "{folder} no es un conjunto de datos: los registros de {table} van en {target}",
            ),
        ],
        hint=(
            "a record file goes in the folder of the table whose fields it has; CONTRIBUTING.md "
            "says which table holds what",
            "un archivo de registro va en la carpeta de la tabla cuyos campos tiene; "
            "CONTRIBUTING.es.md dice qué guarda cada tabla",
        ),
    ),
    "file-too-large": Problem(
        "A file is over the size limit",
        messages=[
            (
                "{size} bytes is over the limit of {limit} bytes",
                "{size} bytes superan el límite de {limit} bytes",
            ),
        ],
        hint=(
            "split the table into several files, or ask a maintainer",
            "divida la tabla en varios archivos, o consulte a quien mantiene el proyecto",
        ),
    ),
    "encoding": Problem(
        "A file is not UTF-8",
        messages=[
            (
                "byte {byte} is not UTF-8; save the file as UTF-8",
                "el byte {byte} no es UTF-8; guarde el archivo como UTF-8",
            ),
        ],
        hint=(
            'in your editor, save the file with the encoding "UTF-8"',
            "en su editor, guarde el archivo con la codificación «UTF-8»",
        ),
    ),
    "csv-syntax": Problem(
        "A CSV file cannot be read",
        messages=[
            ("the file contains a NUL byte", "el archivo contiene un byte NUL"),
            ("this file is not valid CSV", "este archivo no es CSV válido"),
            (
                'text follows the quote (") that closes a value; a quote inside a value is '
                'written twice ("")',
                'hay texto después de la comilla (") que cierra un valor; una comilla dentro de '
                'un valor se escribe dos veces ("")',
            ),
            (
                'a quote (") that opens a value is never closed before the file ends',
                'una comilla (") que abre un valor nunca se cierra antes del final del archivo',
            ),
        ],
        hint=(
            "put a value that contains a comma, a quote or a line break in double quotes, and "
            'double any quote inside it ("")',
            "ponga entre comillas dobles un valor que contenga coma, comillas o salto de línea, y "
            'duplique las comillas de dentro ("")',
        ),
    ),
    "csv-header": Problem(
        "A CSV file has no header",
        messages=[
            ("the file has no header row", "el archivo no tiene fila de encabezado"),
            (
                "row {row} holds the field names: the header must be the first row; delete the "
                "rows above it",
                "la fila {row} tiene los nombres de los campos: el encabezado debe ser la primera "
                "fila; borre las filas de encima",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_csv_header
    ),
    "csv-ragged": Problem(
        "A CSV row has the wrong number of cells",
        messages=[
            (
                "row has {n} cells but the header has {m}",
                "la fila tiene {n} celdas pero el encabezado tiene {m}",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_csv_ragged: which value landed in which column
    ),
    # Reported by `build.py import` (report/sheet_import.py), on the file being imported.
    "sheet-unreadable": Problem(
        "The file to import is not a readable workbook or CSV file",
        messages=[
            (
                "the file must be an .xlsx workbook or a .csv file",
                "el archivo debe ser un libro .xlsx o un archivo .csv",
            ),
            (
                "not a readable .xlsx workbook (damaged, or of another kind); save it again as an "
                "Excel workbook (.xlsx)",
                "no es un libro .xlsx legible (dañado, o de otro tipo); guárdelo de nuevo como "
                "libro de Excel (.xlsx)",
            ),
            (
                "an old Excel file (.xls) or a workbook with a password, which cannot be read; "
                "save it as an Excel workbook (.xlsx) without a password",
                "un archivo antiguo de Excel (.xls) o un libro con contraseña, que no se puede "
                "leer; guárdelo como libro de Excel (.xlsx) sin contraseña",
            ),
            (
                "a text file named .xlsx; if it is a CSV file, name it .csv",
                "un archivo de texto con nombre .xlsx; si es un archivo CSV, póngale .csv",
            ),
        ],
        hint=(
            "in your spreadsheet program, use Save as and choose Excel workbook (.xlsx) or CSV "
            "UTF-8 (comma delimited)",
            "en su programa de hojas de cálculo, use Guardar como y elija Libro de Excel (.xlsx) "
            "o CSV UTF-8 (delimitado por comas)",
        ),
    ),
    "sheet-name": Problem(
        "A sheet of the workbook does not name a table",
        messages=[
            (
                'sheet "{sheet}" is not a table; name each sheet after its table or give --table',
                'la hoja "{sheet}" no es una tabla; nombre cada hoja como su tabla o indique '
                "--table",
            ),
            (
                'no sheet is named "{table}" and the workbook has {n} sheets; name the sheet '
                "after its table",
                'ninguna hoja se llama "{table}" y el libro tiene {n} hojas; nombre la hoja como '
                "su tabla",
            ),
        ],
        hint=(
            "a sheet of records takes its table's name (e.g. tallies), as in the template from "
            "build.py template; delete a sheet that holds no records (notes, a copy)",
            "una hoja de registros lleva el nombre de su tabla (p. ej. tallies), como en la "
            "plantilla de build.py template; borre una hoja que no tenga registros (notas, una "
            "copia)",
        ),
    ),
    "sheet-table": Problem(
        "The rows to import are another table's",
        messages=[
            (
                "the columns are those of {other}, not of {table}; give --table {name}",
                "las columnas son las de {other}, no las de {table}; indique --table {name}",
            ),
        ],
        hint=(
            "a sheet's columns name its table's fields: import it as the table they belong to",
            "las columnas de una hoja nombran los campos de su tabla: impórtela como la tabla a "
            "la que pertenecen",
        ),
    ),
    "sheet-datetime": Problem(
        "A cell to import holds a date and a time",
        messages=[
            (
                "{cell} holds a date and a time ({when}); the field takes the date alone",
                "{cell} contiene una fecha y una hora ({when}); el campo lleva solo la fecha",
            ),
        ],
        hint=(
            "write the date alone, as YYYY-MM-DD; a time of day the source gives may go in the "
            "record's note",
            "escriba solo la fecha, como AAAA-MM-DD; una hora que dé la fuente puede ir en la "
            "nota del registro",
        ),
    ),
    "sheet-formula": Problem(
        "A cell to import holds a formula",
        messages=[
            (
                "{cell} holds a formula; paste its value instead",
                "{cell} contiene una fórmula; pegue su valor en su lugar",
            ),
        ],
        hint=(
            "copy the cell and use Paste special > Values only, so the cell holds the text itself",
            "copie la celda y use Pegado especial > Solo valores, para que la celda contenga el "
            "texto mismo",
        ),
    ),
    "sheet-extra-cell": Problem(
        "A cell to import is in a column with no field name",
        messages=[
            (
                "{cell} has a value but its column has no field name",
                "{cell} tiene un valor pero su columna no tiene nombre de campo",
            ),
        ],
        hint=(
            "move the value under the column of its field, or delete it; keep the first row as "
            "the template has it",
            "mueva el valor a la columna de su campo, o bórrelo; deje la primera fila como la "
            "trae la plantilla",
        ),
    ),
    "record-file-exists": Problem(
        "The file a record would be written to exists already",
        messages=[
            ("{path} already exists", "{path} ya existe"),
        ],
        hint=(
            "give the record an id of its own, or correct the record in that file instead",
            "dé al registro un id propio, o corrija en su lugar el registro de ese archivo",
        ),
    ),
    "csv-delimiter": Problem(
        "A CSV file is separated by semicolons or tabs",
        messages=[
            (
                "the columns are separated by {delimiter}, not commas",
                "las columnas están separadas por {delimiter}, no por comas",
            ),
        ],
        hint=(
            'save it again as "CSV UTF-8 (comma delimited)" (Excel: File > Save As; LibreOffice: '
            'Save As, tick "Edit filter settings" and choose , as the field delimiter), or replace '
            "each separator by a comma and put any value that holds a comma in double quotes",
            'vuelva a guardarlo como "CSV UTF-8 (delimitado por comas)" (Excel: Archivo > Guardar '
            'como; LibreOffice: Guardar como, marque "Editar configuración del filtro" y elija , '
            "como separador de campos), o cambie cada separador por una coma y ponga entre "
            "comillas dobles todo valor que contenga una coma",
        ),
    ),
    "csv-yaml": Problem(
        "YAML lines pasted into a CSV file",
        messages=[
            (
                "lines {lines} are YAML (field: value), not CSV rows",
                "las líneas {lines} son YAML (campo: valor), no filas CSV",
            ),
        ],
        hint=(
            "write the record as one row: its values in the order of the header on line 1, "
            "separated by commas (`build.py new TABLE` shows the columns), and delete the YAML "
            "lines",
            "escriba el registro como una fila: sus valores en el orden del encabezado de la línea "
            "1, separados por comas (`build.py new TABLA` muestra las columnas), y borre las "
            "líneas YAML",
        ),
    ),
    "conflict-markers": Problem(
        "A git merge left conflict markers in a file",
        messages=[
            (
                "git conflict markers (<<<<<<<, =======, >>>>>>>) on lines {lines}: a merge left "
                "two versions of the lines between them",
                "marcas de conflicto de git (<<<<<<<, =======, >>>>>>>) en las líneas {lines}: "
                "una fusión dejó dos versiones de las líneas que hay entre ellas",
            ),
        ],
        hint=(
            "keep the right lines from between the markers (for two new records, usually both), "
            "then delete the three marker lines; on GitHub use Resolve conflicts",
            "conserve las líneas correctas de entre las marcas (si son dos registros nuevos, "
            "normalmente ambos) y borre las tres líneas de marca; en GitHub use Resolve "
            "conflicts",
        ),
    ),
    "yaml-missing-dash": Problem(
        'A YAML record lost its "- " and joined the record above',
        messages=[
            (
                '"{key}" on line {line} starts a new record but has no "- " before it, so it was '
                "read as part of the record on line {start}",
                '"{key}" en la línea {line} empieza un registro nuevo pero no lleva "- " delante, '
                "así que se leyó como parte del registro de la línea {start}",
            ),
            (
                '"{key}" on line {line} starts a new record but has no "- " before it',
                '"{key}" en la línea {line} empieza un registro nuevo pero no lleva "- " delante',
            ),
        ],
        hint=(
            'write "- " before the first field of the new record, as the other records start; '
            "delete no line, since both records are there",
            'escriba "- " delante del primer campo del registro nuevo, como empiezan los demás '
            "registros; no borre ninguna línea, porque los dos registros están ahí",
        ),
    ),
    "csv-duplicate-header": Problem(
        "A CSV column appears twice",
        messages=[
            ('column "{name}" appears twice', 'la columna "{name}" aparece dos veces'),
        ],
        hint=(
            "keep one of the two columns, or rename one",
            "conserve una de las dos columnas, o cambie el nombre de una",
        ),
    ),
    "unknown-field": Problem(
        "A column or key is not a field of the table",
        messages=[
            (
                'column "{name}" is not a field of {table}',
                'la columna "{name}" no es un campo de {table}',
            ),
            ('"{name}" is not a field of {table}', '"{name}" no es un campo de {table}'),
            (
                "column {number} has no name in the header",
                "la columna {number} no tiene nombre en el encabezado",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_unknown_field
    ),
    "missing-column": Problem(
        "A required column is missing",
        messages=[
            ('required column "{name}" is missing', 'falta la columna obligatoria "{name}"'),
        ],
        hint=COMPUTED,  # report/hints.py hint_missing_column
    ),
    "yaml-syntax": Problem(
        "A YAML file cannot be read",
        messages=[
            ("nesting is too deep", "el anidamiento es demasiado profundo"),
            ("not valid YAML", "no es YAML válido"),
            (
                "a quoted value opened on this line is never closed; add the closing quote",
                "un valor entre comillas abierto en esta línea nunca se cierra; añada la comilla "
                "de cierre",
            ),
            (
                'the quote opened on this line closes only on line {end}, so "{field}:" on line '
                "{line} was read into this value; close the quote on this line",
                "la comilla abierta en esta línea solo se cierra en la línea {end}, así que "
                '"{field}:" de la línea {line} se leyó dentro de este valor; cierre la comilla en '
                "esta línea",
            ),
            (
                "text follows the closing quote on this line; put the whole value inside the "
                "quotes, or the rest on a line of its own",
                "hay texto después de la comilla de cierre en esta línea; ponga el valor entero "
                "entre las comillas, o el resto en una línea aparte",
            ),
            (
                "this line has a tab where YAML reads only spaces; use spaces instead",
                "esta línea tiene un tabulador donde YAML solo admite espacios; use espacios",
            ),
            (
                "a value on this line starts with a character YAML reserves (@, ` or %); put the "
                "whole value in double quotes",
                "un valor de esta línea empieza por un carácter que YAML reserva (@, ` o %); "
                "ponga el valor entero entre comillas dobles",
            ),
            (
                "a value on this line starts with | or >, which YAML reads as the start of a "
                "block of text; put the whole value in double quotes",
                "un valor de esta línea empieza por | o >, que YAML lee como el comienzo de un "
                "bloque de texto; ponga el valor entero entre comillas dobles",
            ),
            (
                'a list item ("- ") follows a field that already has a value; put it under a '
                "field with nothing after its colon, or remove the dash",
                'un elemento de lista ("- ") sigue a un campo que ya tiene valor; póngalo bajo un '
                "campo sin nada después de sus dos puntos, o quite el guion",
            ),
            (
                "a second document starts here (---); keep one record per file",
                "aquí empieza un segundo documento (---); deje un registro por archivo",
            ),
            (
                'this line has no "- " before it, and the line above is an item of a list: write '
                '"- " before it too',
                'esta línea no lleva "- " delante, y la de arriba es un elemento de una lista: '
                'escriba "- " delante de ella también',
            ),
            (
                'this line has no ": " after a field name; write field: value, or put the line '
                "back in the value above it",
                'esta línea no tiene ": " después de un nombre de campo; escriba campo: valor, o '
                "devuelva la línea al valor de arriba",
            ),
            (
                "a list opened with [ on this line is not closed with ]",
                "una lista abierta con [ en esta línea no se cierra con ]",
            ),
            (
                "a mapping opened on this line with a curly bracket is never closed",
                "un mapeo abierto en esta línea con una llave nunca se cierra",
            ),
            (
                'a second ": " on this line, or a line indented under a value; put a value that '
                'contains ": " in double quotes, and start each field at the left margin',
                'un segundo ": " en esta línea, o una línea sangrada bajo un valor; ponga entre '
                'comillas dobles un valor que contenga ": " y empiece cada campo en el margen '
                "izquierdo",
            ),
            ("{detail}", "no es YAML válido ({detail})"),
        ],
        hint=(
            'indent with spaces, never tabs, and put in double quotes a value that contains ": " '
            "or starts with a symbol",
            "sangre con espacios, nunca tabuladores, y ponga entre comillas dobles un valor que "
            'contenga ": " o empiece por un símbolo',
        ),
    ),
    "yaml-comment": Problem(
        "A value cut short by a YAML comment",
        messages=[
            (
                'the text after " #" is read as a comment and dropped from the value; put the '
                "whole value in double quotes, or the comment on a line of its own",
                'el texto tras " #" se lee como un comentario y se pierde del valor; ponga el '
                "valor entero entre comillas dobles, o el comentario en una línea aparte",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_yaml_comment
    ),
    "yaml-alias": Problem(
        "A YAML file uses anchors or aliases",
        messages=[
            (
                "anchors and aliases (&, *) are not allowed; write the value out",
                "no se permiten anclas ni alias (&, *); escriba el valor completo",
            ),
        ],
        hint=(
            "copy the value in full where it is needed",
            "copie el valor completo donde haga falta",
        ),
    ),
    "yaml-tag": Problem(
        "A YAML file uses a tag",
        messages=[
            ("tag {tag} is not allowed; remove it", "la etiqueta {tag} no está permitida; quítela"),
        ],
        hint=(
            "delete the word that starts with ! before the value",
            "borre la palabra que empieza por ! antes del valor",
        ),
    ),
    "yaml-shape": Problem(
        "A YAML file does not have the expected shape",
        messages=[
            (
                "a key must be a single value, not a list or mapping",
                "una clave debe ser un solo valor, no una lista ni un mapeo",
            ),
            (
                "{lead}must be a single value, not a list",
                "{lead}debe ser un solo valor, no una lista",
            ),
            (
                "an item of {name} must be a single value, not a list or mapping",
                "un elemento de {name} debe ser un solo valor, no una lista ni un mapeo",
            ),
            (
                'field "{name}" must be a single value, not a list or mapping',
                'el campo "{name}" debe ser un solo valor, no una lista ni un mapeo',
            ),
            (
                "a {table} record must be a mapping of field: value",
                "un registro de {table} debe ser un mapeo de campo: valor",
            ),
            (
                "the file must be a list of {table} records (each starting with '- ')",
                "el archivo debe ser una lista de registros de {table} (cada uno empieza con '- ')",
            ),
            ("the file is empty", "el archivo está vacío"),
            (
                "the file must be a mapping of key: value",
                "el archivo debe ser un mapeo de clave: valor",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_yaml_shape
    ),
    "frozen-changed": Problem(
        "A published version was changed",
        messages=[
            (
                "this file is not in {lock}; published versions never change; restore it with "
                "`git checkout`",
                "este archivo no está en {lock}; las versiones publicadas nunca cambian; "
                "restáurelo con `git checkout`",
            ),
            (
                "this frozen file is missing; published versions never change; restore it with "
                "`git checkout`",
                "falta este archivo congelado; las versiones publicadas nunca cambian; restáurelo "
                "con `git checkout`",
            ),
            (
                "this file no longer matches its sha256 in {lock}; published versions never "
                "change; restore it with `git checkout`",
                "este archivo ya no coincide con su sha256 en {lock}; las versiones publicadas "
                "nunca cambian; restáurelo con `git checkout`",
            ),
            (
                "the frozen folder {folder} is missing; published versions never change; restore "
                "it with `git checkout`",
                "falta la carpeta congelada {folder}; las versiones publicadas nunca cambian; "
                "restáurela con `git checkout`",
            ),
            (
                "frozen version folder has no lock file {lock}",
                "la carpeta de versión congelada no tiene archivo de bloqueo {lock}",
            ),
            (
                "this line is not `<sha256>  <file name>`; published versions never change; "
                "restore it with `git checkout`",
                "esta línea no es `<sha256>  <nombre de archivo>`; las versiones publicadas nunca "
                "cambian; restáurela con `git checkout`",
            ),
            (
                "this lock differs from the one first committed ({commit}); published versions "
                "never change: restore the version with `git checkout {args}`, or withdraw it "
                "(CHANGELOG.md, SECURITY.md)",
                "este lock difiere del primero que se registró ({commit}); las versiones "
                "publicadas nunca cambian: restaure la versión con `git checkout {args}`, o "
                "retírela (CHANGELOG.md, SECURITY.es.md)",
            ),
        ],
        hint=(
            "if the data must change, freeze a new version with `python build.py version "
            "<dataset>`",
            "si los datos deben cambiar, congele una versión nueva con `python build.py version "
            "<conjunto>`",
        ),
    ),
    "frozen-history": Problem(
        "git cannot read the history of the frozen versions",
        messages=[
            (
                "git cannot read the history the frozen versions are compared with ({error}); fix "
                "the repository (`git status` tells what is wrong)",
                "git no puede leer el historial con el que se comparan las versiones congeladas "
                "({error}); repare el repositorio (`git status` dice qué falla)",
            ),
        ],
        hint=(
            "run `git status` in the project folder; for another user's clone, `git config "
            "--global --add safe.directory <folder>`",
            "ejecute `git status` en la carpeta del proyecto; para un clon de otro usuario, `git "
            "config --global --add safe.directory <carpeta>`",
        ),
    ),
    "frozen-orphan": Problem(
        "Frozen versions of a dataset that no longer exists",
        messages=[
            (
                'no dataset "{name}" in data/ for these frozen versions',
                'no hay conjunto de datos "{name}" en data/ para estas versiones congeladas',
            ),
        ],
        hint=(
            "bring back the dataset's folder in data/ (or its former name); published versions "
            "stay published",
            "recupere la carpeta del conjunto de datos en data/ (o su nombre anterior); las "
            "versiones publicadas siguen publicadas",
        ),
    ),
    "frozen-file": Problem(
        "A file that does not belong in versions/",
        messages=[
            (
                "only one folder per dataset belongs in versions/",
                "en versions/ solo cabe una carpeta por conjunto de datos",
            ),
            (
                "a listed .zip file is never published; only the package zip {zip} may be a zip",
                "un archivo .zip listado nunca se publica; solo el zip del paquete {zip} puede "
                "ser un zip",
            ),
            (
                "only version folders and their .lock files belong in {folder}",
                "en {folder} solo caben carpetas de versión y sus archivos .lock",
            ),
            (
                "a frozen version holds files only, no folders",
                "una versión congelada solo contiene archivos, no carpetas",
            ),
            (
                "a {suffix} file is never published; a version holds only {suffixes} files and "
                "SHA256SUMS",
                "un archivo {suffix} nunca se publica; una versión solo contiene archivos "
                "{suffixes} y SHA256SUMS",
            ),
            (
                "this file is not listed in datapackage.json; a version holds only its package's "
                "files",
                "este archivo no figura en datapackage.json; una versión solo contiene los "
                "archivos de su paquete",
            ),
        ],
        hint=(
            "restore the version with `git checkout`; a version is only what `python build.py "
            "version` writes",
            "restaure la versión con `git checkout`; una versión es solo lo que escribe `python "
            "build.py version`",
        ),
    ),
    "frozen-interrupted": Problem(
        "Leftovers of an interrupted version run",
        messages=[
            (
                "an interrupted `version` run left this; run `python build.py version {name}` "
                "again, which removes it, or delete it",
                "esto lo dejó una ejecución interrumpida de `version`; ejecute de nuevo `python "
                "build.py version {name}`, que lo elimina, o bórrelo",
            ),
        ],
        hint=(
            "nothing of it was published; it is safe to delete",
            "nada de eso se publicó; se puede borrar sin riesgo",
        ),
    ),
    "frozen-withdrawn": Problem(
        "A withdrawn version is recorded wrongly or reused",
        messages=[
            (
                "version {version} of {dataset} was withdrawn ({where}); a withdrawn version "
                "number is never used again: freeze the data as a new version",
                "la versión {version} de {dataset} fue retirada ({where}); el número de una "
                "versión retirada no se vuelve a usar: congele los datos como una versión nueva",
            ),
            (
                "this published version was removed; record it in CHANGELOG.md as {form} "
                "(SECURITY.md), or restore it with `git checkout {args}`",
                "se eliminó esta versión publicada; regístrelo en CHANGELOG.md como {form} "
                "(SECURITY.es.md), o restáurela con `git checkout {args}`",
            ),
            (
                "write a withdrawn version as {form}, with its reason in words",
                "escriba una versión retirada como {form}, con su motivo en palabras",
            ),
            (
                "write a reissued version as {form}, with its reason in words",
                "escriba una versión reemitida como {form}, con su motivo en palabras",
            ),
            (
                'a {record} line counts only as a list item of the "Withdrawn and reissued '
                'versions" section of CHANGELOG.md, outside comments and code blocks',
                'una línea {record} solo cuenta como elemento de lista de la sección "Withdrawn '
                'and reissued versions" de CHANGELOG.md, fuera de comentarios y bloques de '
                "código",
            ),
            ("write a withdrawn version as {form}", "escriba una versión retirada como {form}"),
            ("write a reissued version as {form}", "escriba una versión reemitida como {form}"),
        ],
        hint=(
            'see "How a leaked record is removed" in SECURITY.md',
            "vea «Cómo se retira un registro filtrado» en SECURITY.es.md",
        ),
    ),
    "frozen-package": Problem(
        "A frozen package is not what the build writes",
        messages=[
            (
                "{name} is listed but not in {folder}",
                "{name} figura en el paquete pero no está en {folder}",
            ),
            (
                "datapackage.json cannot be read ({error})",
                "no se puede leer datapackage.json ({error})",
            ),
            (
                "datapackage.json needs a list of resources",
                "datapackage.json necesita una lista de recursos (resources)",
            ),
            (
                "table resource {name} needs a name, a .csv path and a schema",
                "el recurso de tabla {name} necesita un nombre, una ruta .csv y un esquema",
            ),
            (
                "name and version must be {dataset} and {version}",
                "name y version deben ser {dataset} y {version}",
            ),
            (
                "SHA256SUMS must list every other file of the version with its sha256",
                "SHA256SUMS debe listar cada uno de los demás archivos de la versión con su sha256",
            ),
            (
                "the hash of {name} must be sha256:<its sha256>",
                "el hash de {name} debe ser sha256:<su sha256>",
            ),
            (
                "the zip must hold exactly the package's files: {what} is not a file of the "
                "package",
                "el zip debe contener exactamente los archivos del paquete: {what} no es un "
                "archivo del paquete",
            ),
            (
                "the zip must hold exactly the package's files: {what} is missing",
                "el zip debe contener exactamente los archivos del paquete: falta {what}",
            ),
            ("{member} in the zip differs from {name}", "{member} en el zip difiere de {name}"),
            ("the zip cannot be read ({error})", "no se puede leer el zip ({error})"),
            (
                "the zip or one of its members has a comment; a package zip holds its files only",
                "el zip o uno de sus miembros tiene un comentario; el zip de un paquete solo "
                "contiene sus archivos",
            ),
            (
                "the zip holds bytes outside its members (offset {offset}); a package zip holds "
                "its files only",
                "el zip contiene bytes fuera de sus miembros (posición {offset}); el zip de un "
                "paquete solo contiene sus archivos",
            ),
            ("the zip is larger than 512 MiB", "el zip ocupa más de 512 MiB"),
            ("this file is not valid JSON", "este archivo no es JSON válido"),
            (
                "this workbook unpacks to more than 512 MiB",
                "este libro ocupa más de 512 MiB descomprimido",
            ),
            ("this workbook cannot be read ({error})", "no se puede leer este libro ({error})"),
            (
                "this file is not valid Parquet ({error})",
                "este archivo no es Parquet válido ({error})",
            ),
            (
                'column "{column}" is of type {type}, which no package holds',
                'la columna "{column}" es de tipo {type}, que ningún paquete contiene',
            ),
            (
                "this database cannot be read ({error})",
                "no se puede leer esta base de datos ({error})",
            ),
        ],
        hint=(
            "restore the version with `git checkout`; a version is only what `python build.py "
            "version` writes",
            "restaure la versión con `git checkout`; una versión es solo lo que escribe `python "
            "build.py version`",
        ),
    ),
    "formula": Problem(
        "A value would run as a spreadsheet formula",
        messages=[
            (
                "{lead}is a spreadsheet formula; a frozen workbook holds values only",
                "{lead}es una fórmula de hoja de cálculo; un libro congelado solo contiene valores",
            ),
            (
                "{lead}holds a spreadsheet formula ({tag}); a frozen workbook holds values only",
                "{lead}contiene una fórmula de hoja de cálculo ({tag}); un libro congelado solo "
                "contiene valores",
            ),
            (
                "{lead}starts with = + - or @, which a spreadsheet would run as a formula; start "
                "the text with a word",
                "{lead}empieza por = + - o @, y una hoja de cálculo lo ejecutaría como fórmula; "
                "empiece el texto con una palabra",
            ),
        ],
        hint=(
            "begin the text with a word, not a sign; in versions/, restore the file with `git "
            "checkout`",
            "empiece el texto con una palabra, no con un signo; en versions/, restaure el archivo "
            "con `git checkout`",
        ),
    ),
    "version": Problem(
        "A dataset declares a withdrawn version number",
        messages=[
            (
                "version {version} of {dataset} was withdrawn ({where}); a withdrawn version "
                "number is never used again: set a higher version in datapackage.yaml",
                "la versión {version} de {dataset} fue retirada ({where}); el número de una "
                "versión retirada no se vuelve a usar: ponga una versión mayor en "
                "datapackage.yaml",
            ),
            (
                'version "{version}" must have the form MAJOR.MINOR.PATCH, like 1.2.0',
                'la versión "{version}" debe tener la forma MAYOR.MENOR.PARCHE, como 1.2.0',
            ),
            (
                "no version of {dataset} is frozen yet: the first one is the version in "
                "datapackage.yaml ({version}); run without --bump",
                "aún no hay ninguna versión congelada de {dataset}: la primera es la versión de "
                "datapackage.yaml ({version}); ejecute la orden sin --bump",
            ),
            (
                "nothing changed since the frozen version {version}; there is nothing to freeze",
                "nada cambió desde la versión congelada {version}; no hay nada que congelar",
            ),
            (
                "version {version} of {dataset} is already frozen",
                "la versión {version} de {dataset} ya está congelada",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_version
    ),
    "privacy-withheld": Problem(
        "A frozen version holds a withheld field",
        messages=[
            (
                "{lead}is filled in a record whose publish level withholds it; a frozen version "
                "holds only what the site may publish",
                "{lead}está relleno en un registro cuyo nivel de publicación lo reserva; una "
                "versión congelada solo contiene lo que el sitio puede publicar",
            ),
        ],
        hint=(
            "withdraw the version (SECURITY.md); never publish a withheld record's personal fields",
            "retire la versión (SECURITY.es.md); nunca publique los campos personales de un "
            "registro reservado",
        ),
    ),
    "yaml-duplicate-key": Problem(
        "A YAML key appears twice",
        messages=[
            (
                "{lead}appears twice in this record (first at line {n})",
                "{lead}aparece dos veces en este registro (primero en la línea {n})",
            ),
            ('key "{name}" appears twice', 'la clave "{name}" aparece dos veces'),
        ],
        hint=("keep only one of the two lines", "conserve solo una de las dos líneas"),
    ),
    "constraint": Problem(
        "A value breaks another constraint of its field",
        messages=[
            ("{lead}{note}", "{lead}no cumple una restricción del esquema: {note}"),
        ],
        hint=(
            "read the field's constraints in its schema under schemas/, or in docs/fields.md",
            "lea las restricciones del campo en su esquema, en schemas/, o en docs/fields.es.md",
        ),
    ),
    "unsafe-url": Problem(
        "A link is neither http(s) nor a path inside the project",
        messages=[
            (
                '{lead}"{value}" must be an http(s) link or a relative path inside the project',
                '{lead}"{value}" debe ser un enlace http(s) o una ruta relativa dentro del '
                "proyecto",
            ),
            (
                "{lead}only http:// and https:// links are published",
                "{lead}solo se publican enlaces http:// y https://",
            ),
        ],
        hint=(
            "write the whole address, starting with https:// or http://; javascript:, data: and "
            "file: links are never published",
            "escriba la dirección completa, empezando por https:// o http://; los enlaces "
            "javascript:, data: y file: nunca se publican",
        ),
    ),
    "version-behind": Problem(
        "A dataset's version is older than its frozen one",
        messages=[
            (
                "version {version} is older than the frozen version {frozen}",
                "la versión {version} es anterior a la versión congelada {frozen}",
            ),
        ],
        hint=(
            "set a version in datapackage.yaml higher than the last frozen one",
            "ponga en datapackage.yaml una versión mayor que la última congelada",
        ),
    ),
    "version-bump": Problem(
        "A dataset's version bump is too small for its changes",
        messages=[
            (
                "version {version} is a {have} bump from the frozen {frozen}, but the changes "
                "need a {need} bump ({next}): {why}",
                "la versión {version} es un salto {have} desde la congelada {frozen}, pero los "
                "cambios necesitan un salto {need} ({next}): {why}",
            ),
            (
                "a {bump} bump is too small: the changes since {frozen} need a {need} bump",
                "un salto {bump} es demasiado pequeño: los cambios desde {frozen} necesitan un "
                "salto {need}",
            ),
        ],
        hint=(
            "set the version the message gives in datapackage.yaml, or run `python build.py "
            "version <dataset>` without --bump",
            "ponga en datapackage.yaml la versión que indica el mensaje, o ejecute `python "
            "build.py version <conjunto>` sin --bump",
        ),
    ),
    "git": Problem(
        "git failed",
        messages=[
            ("cannot run git: {error}", "no se puede ejecutar git: {error}"),
            (
                "git cat-file failed: {path} could not be read",
                "git cat-file falló: no se pudo leer {path}",
            ),
            ("git {command} failed: {error}", "git {command} falló: {error}"),
            (
                '"{base}" is not a commit of the git repository at {root}',
                '"{base}" no es un commit del repositorio git en {root}',
            ),
        ],
        hint=(
            "give --base a branch, tag or commit that exists (`git branch -a` lists the "
            "branches); if git itself fails, check that `git status` works in the project folder",
            "indique en --base una rama, etiqueta o commit que exista (`git branch -a` lista las "
            "ramas); si falla git mismo, compruebe que `git status` funciona en la carpeta del "
            "proyecto",
        ),
    ),
    "mkdocs": Problem(
        "MkDocs failed",
        messages=[
            ("MkDocs failed ({lang}): {detail}", "MkDocs falló ({lang}): {detail}"),
        ],
        hint=(
            "the detail is MkDocs' own message; check mkdocs.yml and the templates in "
            "site_templates/",
            "el detalle es el mensaje del propio MkDocs; revise mkdocs.yml y las plantillas de "
            "site_templates/",
        ),
    ),
    "page-language": Problem(
        "A built page holds interface text of another language",
        messages=[
            (
                'a "{lang}" page holds interface text of "{other}": "{text}"',
                'una página en "{lang}" contiene texto de interfaz en "{other}": "{text}"',
            ),
            (
                'a "{lang}" page holds the text of a paired data field of "{other}": "{text}"',
                'una página en "{lang}" contiene el texto en "{other}" de un campo de datos con '
                'traducción: "{text}"',
            ),
        ],
        hint=(
            "write the text through t() and site_templates/i18n/<lang>.yaml; a value that is "
            "in another language by right (a source's title, a quote) goes in an element with "
            'lang="<its language>"; a field with a translation (note, note_es) is shown through '
            "text() or cell(), which pick the reader's language",
            "escriba el texto mediante t() y site_templates/i18n/<idioma>.yaml; un valor que "
            "con razón está en otro idioma (el título de una fuente, una cita) va en un elemento "
            'con lang="<su idioma>"; un campo con traducción (note, note_es) se muestra con '
            "text() o cell(), que eligen el idioma del lector",
        ),
    ),
    "template": Problem(
        "A page template or its texts failed",
        messages=[
            ('no text for "{key}"', 'no hay texto para "{key}"'),
        ],
        hint=(
            "add the text to every file of site_templates/i18n/, or correct the template named",
            "añada el texto a cada archivo de site_templates/i18n/, o corrija la plantilla "
            "indicada",
        ),
    ),
    "privacy-setting": Problem(
        "An identifier pattern in site.yaml that cannot be used",
        messages=[
            ("{where}: must be a mapping", "{where}: debe ser un mapa de clave: valor"),
            (
                "{where}: must be a list of mappings, each with label, label_es and pattern",
                "{where}: debe ser una lista de mapas, cada uno con label, label_es y pattern",
            ),
            (
                '{where}: unknown key "{key}"; an identifier has label, label_es and pattern',
                '{where}: clave desconocida "{key}"; un identificador tiene label, label_es y '
                "pattern",
            ),
            (
                "{where}: {key} is required and must be a text",
                "{where}: {key} es obligatorio y debe ser un texto",
            ),
            (
                "{where}: pattern is not a valid Python regular expression at character {n}",
                "{where}: pattern no es una expresión regular de Python válida (error en el "
                "carácter {n})",
            ),
            (
                "{where}: pattern is not a valid Python regular expression",
                "{where}: pattern no es una expresión regular de Python válida",
            ),
            (
                "{where}: pattern matches an empty text, so it would refuse every text",
                "{where}: pattern coincide con un texto vacío, así que rechazaría todo texto",
            ),
        ],
        hint=COMPUTED,  # report/hints.py hint_privacy_setting
    ),
    # settings (load/settings.py): the shape of data/site.yaml, declared there
    "setting-unknown": Problem(
        "A setting that site.yaml does not have",
        messages=[('{parent}: unknown setting "{key}"', '{parent}: ajuste desconocido "{key}"')],
        hint=COMPUTED,  # report/hints.py hint_setting_unknown
    ),
    "setting-type": Problem(
        "A setting of the wrong type",
        messages=[("{key} must be {shape}, not {got}", "{key} debe ser {shape}, no {got}")],
        hint=(
            "see the table of settings in README.md (Settings)",
            "vea la tabla de ajustes en README.md (Settings)",
        ),
    ),
    "setting-value": Problem(
        "A setting whose value is not allowed",
        messages=[
            ('{key}: "{value}" must be {form}', '{key}: "{value}" debe ser {form}'),
            ("{key}: {value} is less than {minimum}", "{key}: {value} es menor que {minimum}"),
        ],
        hint=(
            "see the table of settings in README.md (Settings)",
            "vea la tabla de ajustes en README.md (Settings)",
        ),
    ),
    "setting-missing": Problem(
        "A required setting is missing",
        messages=[("{parent} needs {key}", "{parent} necesita {key}")],
        hint=(
            "add it: see the table of settings in README.md (Settings)",
            "añádalo: vea la tabla de ajustes en README.md (Settings)",
        ),
    ),
    "headline-compare": Problem(
        "A headline row that would set unlike counts side by side",
        messages=[
            (
                'headline.rows: "{measure}" with window_start not_stated would set counts over '
                "unknown periods side by side; give the date counting starts from, or list the "
                "measure in headline.stock_measures if it counts people held on one date",
                'headline.rows: "{measure}" con window_start not_stated pondría lado a lado '
                "cifras de períodos desconocidos; indique la fecha desde la que se cuenta, o "
                "incluya la medida en headline.stock_measures si cuenta personas detenidas en "
                "una fecha",
            ),
            (
                'headline.rows: "{measure}" from {start} would compare window starts known only '
                "to the month, which headline.same_window.month says are never the same",
                'headline.rows: "{measure}" desde {start} compararía inicios de período '
                "conocidos solo hasta el mes, que headline.same_window.month dice que nunca son "
                "el mismo",
            ),
            (
                'headline.rows: "{measure}" from {start} would compare window starts known only '
                "to the year, which headline.same_window.year says are never the same",
                'headline.rows: "{measure}" desde {start} compararía inicios de período '
                "conocidos solo hasta el año, que headline.same_window.year dice que nunca son "
                "el mismo",
            ),
            (
                'featured.rows: "{id}" ({measure}, {period}) would stand beside "{first}" '
                "({first_measure}, {first_period}), another measure or counting period; pin "
                "counts of one measure and window only",
                'featured.rows: "{id}" ({measure}, {period}) quedaría junto a "{first}" '
                "({first_measure}, {first_period}), otra medida u otro período de conteo; "
                "fije solo cifras de una medida y un período",
            ),
            (
                'headline.rows: "{measure}" from {start} is already the row at line {line}; one '
                "row per measure and window",
                'headline.rows: "{measure}" desde {start} ya es la fila de la línea {line}; una '
                "fila por medida y período",
            ),
        ],
        hint=(
            "counts set side by side (a headline row, the counts pinned under featured) show "
            "one measure counted from one date: see the Definitions page and README.md "
            "(Comparable counts)",
            "las cifras puestas lado a lado (una fila del titular, las cifras fijadas en "
            "featured) muestran una medida contada desde una fecha: vea la página de "
            "Definiciones y README.md (Comparable counts)",
        ),
    ),
    "setting-reference": Problem(
        "A translation for a language the site does not have",
        messages=[
            (
                '{section}: "{value}" is not one of the languages',
                '{section}: "{value}" no es uno de los idiomas',
            )
        ],
        hint=(
            "add the language to `languages`, or correct the name",
            "añada el idioma a `languages`, o corrija el nombre",
        ),
    ),
}
