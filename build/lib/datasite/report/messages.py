"""Problem messages in the contributor's language: one English and one Spanish template per message.

The stages write their messages in English (the text tests and scripts rely on); this catalogue
reads an English message back through its template and writes it again in Spanish, so the stages
stay untouched and a message with no Spanish template is shown in English rather than lost.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache

from datasite.issues import Issue

LANGUAGES = ("en", "es")

# code -> [(English template, Spanish template)], most specific first. {lead} is the optional
# 'field "x": ' lead-in; {label} and {kind} are translated through the word lists below.
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "type": [('{lead}"{value}" is not a valid {kind}', '{lead}"{value}" no es válido como {kind}')],
    "required": [("{lead}is required but empty", "{lead}es obligatorio y está vacío")],
    "enum": [('{lead}"{value}" is not one of {allowed}', '{lead}"{value}" no es uno de {allowed}')],
    "pattern": [
        (
            '{lead}"{value}" does not match the pattern {pattern}',
            '{lead}"{value}" no sigue el patrón {pattern}',
        )
    ],
    "minimum": [
        (
            "{lead}{value} is less than the minimum {limit}",
            "{lead}{value} es menor que el mínimo {limit}",
        )
    ],
    "maximum": [
        (
            "{lead}{value} is more than the maximum {limit}",
            "{lead}{value} es mayor que el máximo {limit}",
        )
    ],
    "max-length": [
        (
            "{lead}is {n} characters long, more than {limit}",
            "{lead}tiene {n} caracteres, más de {limit}",
        )
    ],
    "min-length": [
        (
            "{lead}is {n} characters long, less than {limit}",
            "{lead}tiene {n} caracteres, menos de {limit}",
        )
    ],
    "missing-source": [
        (
            "{lead}every {table} row must cite a source",
            "{lead}cada fila de {table} debe citar una fuente",
        )
    ],
    "unknown-source": [
        ('{lead}"{value}" is not an id in {target}', '{lead}"{value}" no es un id de {target}')
    ],
    "foreign-key": [
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
    # claims (issue 13)
    "duplicate-claim": [
        (
            'the same claim as "{first}" at line {n} (same {fields})',
            'la misma cifra que "{first}" en la línea {n} (mismos {fields})',
        ),
        (
            'the same claim as "{first}" at {where} (same {fields})',
            'la misma cifra que "{first}" en {where} (mismos {fields})',
        ),
    ],
    "duplicate-key": [
        ('{lead}"{key}" is already used at line {n}', '{lead}"{key}" ya se usa en la línea {n}'),
        ('{lead}"{key}" is already used at {where}', '{lead}"{key}" ya se usa en {where}'),
    ],
    "date-precision": [
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
    "date-invalid": [
        ('{lead}"{value}" is not a real date', '{lead}"{value}" no es una fecha real')
    ],
    "date-future": [
        (
            '{lead}"{value}" is in the future (today is {today})',
            '{lead}"{value}" está en el futuro (hoy es {today})',
        )
    ],
    "privacy-minor": [
        (
            "{lead}a minor's personal data is never recorded; remove it",
            "{lead}nunca se registran datos personales de un menor; elimínelos",
        )
    ],
    "privacy-name": [
        (
            "{lead}contains the name of a person whose name is withheld ({where}); remove it",
            "{lead}contiene el nombre de una persona cuyo nombre está reservado ({where}); elimínelo",
        ),
        (
            "{lead}spells the withheld {what}; use an id that says nothing about the person",
            "{lead}deletrea el dato reservado {what}; use un id que no diga nada de la persona",
        ),
        (
            "{lead}repeats part of the withheld {what}; choose an unrelated pseudonym",
            "{lead}repite parte del dato reservado {what}; elija un seudónimo sin relación",
        ),
    ],
    "privacy-singling-out": [
        (
            '{lead}a withheld person released alone at "{place}" on {date} could be identified; set {precision_field} to month or leave out the place',
            '{lead}una persona reservada, excarcelada sola en "{place}" el {date}, podría ser identificada; ponga {precision_field} en month u omita el lugar',
        ),
    ],
    "hidden-text": [
        (
            "{lead}a text direction control (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) can make it show other than it reads; remove it",
            "{lead}un control de dirección del texto (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) puede hacer que se vea distinto de lo que dice; elimínelo",
        ),
    ],
    "privacy-identifier": [
        (
            "{lead}looks like a {label}; personal identifiers are never published",
            "{lead}parece {label}; nunca se publican identificadores personales",
        )
    ],
    "blank-row": [
        ("every field of this record is empty", "todos los campos de este registro están vacíos")
    ],
    "mkdocs-setting": [
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
    "symlink": [("symbolic links are not allowed", "no se permiten enlaces simbólicos")],
    "special-file": [
        (
            "{special} is not a file the build can read; only regular files and folders are allowed",
            "{special} no es un archivo que la compilación pueda leer; solo se admiten archivos normales y carpetas",
        ),
        ("cannot be looked at ({error})", "no se puede examinar ({error})"),
    ],
    "file-missing": [
        ("folder not found", "no se encontró la carpeta"),
        ("file not found", "no se encontró el archivo"),
        (
            "every dataset folder needs a datapackage.yaml",
            "cada carpeta de conjunto de datos necesita un datapackage.yaml",
        ),
        ('table "{table}": no schema {schema}', 'tabla "{table}": no existe el esquema {schema}'),
        ('table "{table}": file not found', 'tabla "{table}": no se encontró el archivo'),
    ],
    "unsafe-name": [
        (
            'dataset name "{name}" must be a lowercase slug like prisoner-releases',
            'el nombre del conjunto de datos "{name}" debe ir en minúsculas y con guiones, como prisoner-releases',
        ),
        (
            'table name "{name}" must be lowercase letters, digits and _',
            'el nombre de tabla "{name}" solo admite minúsculas, cifras y _',
        ),
        (
            'table "{table}": schema "{schema}" must be a schema name like {example}',
            'tabla "{table}": el esquema "{schema}" debe ser un nombre de esquema como {example}',
        ),
        (
            '"{value}" cannot be a page name; use a lowercase slug',
            '"{value}" no puede ser nombre de página; use minúsculas y guiones',
        ),
    ],
    "config": [
        (
            'dataset name "{name}" must match its folder "{folder}"',
            'el nombre del conjunto de datos "{name}" debe coincidir con su carpeta "{folder}"',
        ),
        (
            "datapackage.yaml needs a list of resources",
            "datapackage.yaml necesita una lista de recursos (resources)",
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
        # data/site.yaml settings (settings_check.py; render.py words its own guards the same)
        (
            'pages: table "{table}" has {n} rows, more than max_pages {limit}; one page per row would slow every build, '
            "so raise max_pages or take the table out of pages (its rows stay in the data downloads)",
            'pages: la tabla "{table}" tiene {n} filas, más que max_pages {limit}; una página por fila haría lenta cada '
            "compilación, así que suba max_pages o saque la tabla de pages (sus filas siguen en las descargas de datos)",
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
            "featured debe ser un mapeo cuyas filas (rows) sean una lista de mapeos con table e id",
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
            "headline needs table, metric_field, metrics (a list), claimant_field, claimants (a list) and date_field",
            "headline necesita table, metric_field, metrics (una lista), claimant_field, claimants (una lista) y date_field",
        ),
        (
            "languages must be a list of language codes, like [en, es]",
            "languages debe ser una lista de códigos de idioma, como [en, es]",
        ),
        (
            'languages: "{lang}" must be a language code like es, with a file of its texts in site_templates/i18n/',
            'languages: "{lang}" debe ser un código de idioma como es, con un archivo de sus textos en site_templates/i18n/',
        ),
        (
            '{section}: "{name}" is not a field of {table}',
            '{section}: "{name}" no es un campo de {table}',
        ),
        ('{section}: no table "{table}"', '{section}: no hay ninguna tabla "{table}"'),
    ],
    "unsafe-path": [
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
            'la ruta de recurso "{path}" debe ser un nombre de archivo simple dentro de {folder}',
        ),
        (
            '"{path}" must be a plain file name inside {folder}',
            '"{path}" debe ser un nombre de archivo simple dentro de {folder}',
        ),
    ],
    "schema-invalid": [
        ("field names must be unique", "los nombres de campo deben ser únicos"),
        (
            "{lead}i18n must map each language to a title and a description",
            "{lead}i18n debe asociar a cada idioma un título y una descripción",
        ),
        (
            '{lead}i18n {lang} has an unknown key "{key}"; only title and description belong there (put a translation that holds a comma in quotes)',
            '{lead}i18n {lang} tiene una clave desconocida "{key}"; solo caben title y description (ponga entre comillas una traducción que lleve una coma)',
        ),
        (
            "{lead}the {key} has no {lang} translation under i18n",
            "{lead}falta la traducción {lang} de {key} en i18n",
        ),
        (
            "{lead}the {lang} {key} is less than half as long as the English one; is it cut short?",
            "{lead}{key} en {lang} no llega a la mitad del largo del inglés; ¿quedó cortada?",
        ),
        (
            "{lead}pattern {pattern} is not a regular expression Python can read ({error})",
            "{lead}el patrón {pattern} no es una expresión regular que Python pueda leer ({error})",
        ),
        (
            "{lead}a list needs a delimiter of one or more characters and no format",
            "{lead}una lista necesita un delimitador de uno o más caracteres y ningún formato",
        ),
        (
            "{lead}precisionField must name another field that is not a list, on a field that is not a list",
            "{lead}precisionField debe nombrar otro campo que no sea una lista, en un campo que no sea una lista",
        ),
        (
            "a foreign key of several fields may not use a list field",
            "una clave foránea de varios campos no puede usar un campo de lista",
        ),
        ("primaryKey may not use a list field", "primaryKey no puede usar un campo de lista"),
        # claims (issue 13)
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
            "privacy: {key} debe ser una lista de niveles de publicación, como [public_figure, consented]",
        ),
        (
            'privacy: {key} "{value}" must name a field of the table that is not a list',
            'privacy: {key} "{value}" debe nombrar un campo de la tabla que no sea una lista',
        ),
    ],
    "not-finite": [
        (
            '{lead}"{value}" is not a finite number, and JSON and spreadsheets cannot hold it; write the number, or leave the field empty',
            '{lead}"{value}" no es un número finito, y ni JSON ni las hojas de cálculo pueden guardarlo; escriba el número o deje el campo vacío',
        )
    ],
    "number-precision": [
        (
            '{lead}"{value}" has more digits than the downloads can hold, and would be published as {published}; write at most 15 significant digits',
            '{lead}"{value}" tiene más cifras de las que pueden guardar las descargas, y se publicaría como {published}; escriba como mucho 15 cifras significativas',
        ),
        (
            '{lead}"{value}" is beyond the 64-bit integers the downloads can hold ({low} to {high})',
            '{lead}"{value}" está fuera de los enteros de 64 bits que pueden guardar las descargas ({low} a {high})',
        ),
    ],
    "text-too-long": [
        (
            "{lead}is {n} characters long, more than the {limit} a spreadsheet cell can hold, so the XLSX download would cut it",
            "{lead}tiene {n} caracteres, más de los {limit} que caben en una celda de hoja de cálculo, así que la descarga XLSX lo cortaría",
        )
    ],
    "check-failed": [
        (
            "frictionless could not check table {table} ({error}); look for an unusual value in it, such as sNaN in a number field",
            "frictionless no pudo revisar la tabla {table} ({error}); busque en ella un valor inusual, como sNaN en un campo numérico",
        )
    ],
    "unknown-file": [
        (
            "only .yaml files belong in a one-record-per-file folder",
            "en una carpeta de un registro por archivo solo caben archivos .yaml",
        ),
        (
            "tables are .csv or .yaml files, or a folder of .yaml files",
            "las tablas son archivos .csv o .yaml, o una carpeta de archivos .yaml",
        ),
    ],
    "file-too-large": [
        (
            "{size} bytes is over the limit of {limit} bytes",
            "{size} bytes superan el límite de {limit} bytes",
        )
    ],
    "encoding": [
        (
            "byte {byte} is not UTF-8; save the file as UTF-8",
            "el byte {byte} no es UTF-8; guarde el archivo como UTF-8",
        )
    ],
    "csv-syntax": [
        ("the file contains a NUL byte", "el archivo contiene un byte NUL"),
        ("this file is not valid CSV", "este archivo no es CSV válido"),
    ],
    "csv-header": [("the file has no header row", "el archivo no tiene fila de encabezado")],
    "csv-ragged": [
        (
            "row has {n} cells but the header has {m}",
            "la fila tiene {n} celdas pero el encabezado tiene {m}",
        )
    ],
    "csv-duplicate-header": [
        ('column "{name}" appears twice', 'la columna "{name}" aparece dos veces')
    ],
    "unknown-field": [
        (
            'column "{name}" is not a field of {table}',
            'la columna "{name}" no es un campo de {table}',
        ),
        ('"{name}" is not a field of {table}', '"{name}" no es un campo de {table}'),
    ],
    "missing-column": [
        ('required column "{name}" is missing', 'falta la columna obligatoria "{name}"')
    ],
    "yaml-syntax": [
        ("nesting is too deep", "el anidamiento es demasiado profundo"),
        ("not valid YAML", "no es YAML válido"),
    ],
    "yaml-alias": [
        (
            "anchors and aliases (&, *) are not allowed; write the value out",
            "no se permiten anclas ni alias (&, *); escriba el valor completo",
        )
    ],
    "yaml-tag": [
        ("tag {tag} is not allowed; remove it", "la etiqueta {tag} no está permitida; quítela")
    ],
    "yaml-shape": [
        (
            "a key must be a single value, not a list or mapping",
            "una clave debe ser un solo valor, no una lista ni un mapeo",
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
    # Frozen versions (versions.py, frozen_checks.py).
    "frozen-changed": [
        (
            "this file is not in {lock}; published versions never change; restore it with `git checkout`",
            "este archivo no está en {lock}; las versiones publicadas nunca cambian; restáurelo con `git checkout`",
        ),
        (
            "this frozen file is missing; published versions never change; restore it with `git checkout`",
            "falta este archivo congelado; las versiones publicadas nunca cambian; restáurelo con `git checkout`",
        ),
        (
            "this file no longer matches its sha256 in {lock}; published versions never change; restore it with `git checkout`",
            "este archivo ya no coincide con su sha256 en {lock}; las versiones publicadas nunca cambian; restáurelo con `git checkout`",
        ),
        (
            "the frozen folder {folder} is missing; published versions never change; restore it with `git checkout`",
            "falta la carpeta congelada {folder}; las versiones publicadas nunca cambian; restáurela con `git checkout`",
        ),
        (
            "frozen version folder has no lock file {lock}",
            "la carpeta de versión congelada no tiene archivo de bloqueo {lock}",
        ),
        (
            "this line is not `<sha256>  <file name>`; published versions never change; restore it with `git checkout`",
            "esta línea no es `<sha256>  <nombre de archivo>`; las versiones publicadas nunca cambian; restáurela con `git checkout`",
        ),
        (
            "this lock differs from the one first committed ({commit}); published versions never change: restore the version with "
            "`git checkout {args}`, or withdraw it (CHANGELOG.md, SECURITY.md)",
            "este lock difiere del primero que se registró ({commit}); las versiones publicadas nunca cambian: restaure la versión con "
            "`git checkout {args}`, o retírela (CHANGELOG.md, SECURITY.md)",
        ),
    ],
    "frozen-history": [
        (
            "git cannot read the history the frozen versions are compared with ({error}); fix the repository (`git status` tells what is wrong)",
            "git no puede leer el historial con el que se comparan las versiones congeladas ({error}); repare el repositorio "
            "(`git status` dice qué falla)",
        ),
    ],
    "frozen-orphan": [
        (
            'no dataset "{name}" in data/ for these frozen versions',
            'no hay conjunto de datos "{name}" en data/ para estas versiones congeladas',
        )
    ],
    "frozen-file": [
        (
            "only one folder per dataset belongs in versions/",
            "en versions/ solo cabe una carpeta por conjunto de datos",
        ),
        (
            "a listed .zip file is never published; only the package zip {zip} may be a zip",
            "un archivo .zip listado nunca se publica; solo el zip del paquete {zip} puede ser un zip",
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
            "a {suffix} file is never published; a version holds only {suffixes} files and SHA256SUMS",
            "un archivo {suffix} nunca se publica; una versión solo contiene archivos {suffixes} y SHA256SUMS",
        ),
        (
            "this file is not listed in datapackage.json; a version holds only its package's files",
            "este archivo no figura en datapackage.json; una versión solo contiene los archivos de su paquete",
        ),
    ],
    "frozen-interrupted": [
        (
            "an interrupted `version` run left this; run `python build.py version {name}` again, which removes it, or delete it",
            "esto lo dejó una ejecución interrumpida de `version`; ejecute de nuevo `python build.py version {name}`, que lo elimina, o bórrelo",
        ),
    ],
    "frozen-withdrawn": [
        (
            "version {version} of {dataset} was withdrawn ({where}); a withdrawn version number is never used again: freeze the data as a new version",
            "la versión {version} de {dataset} fue retirada ({where}); el número de una versión retirada no se vuelve a usar: congele los datos como una versión nueva",
        ),
        (
            "this published version was removed; record it in CHANGELOG.md as {form} (SECURITY.md), or restore it with `git checkout {args}`",
            "se eliminó esta versión publicada; regístrelo en CHANGELOG.md como {form} (SECURITY.md), o restáurela con `git checkout {args}`",
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
            'a {record} line counts only as a list item of the "Withdrawn and reissued versions" section of CHANGELOG.md, '
            "outside comments and code blocks",
            'una línea {record} solo cuenta como elemento de lista de la sección "Withdrawn and reissued versions" de CHANGELOG.md, '
            "fuera de comentarios y bloques de código",
        ),
        ("write a withdrawn version as {form}", "escriba una versión retirada como {form}"),
        ("write a reissued version as {form}", "escriba una versión reemitida como {form}"),
    ],
    "frozen-package": [
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
            "the zip must hold exactly the package's files: {what} is not a file of the package",
            "el zip debe contener exactamente los archivos del paquete: {what} no es un archivo del paquete",
        ),
        (
            "the zip must hold exactly the package's files: {what} is missing",
            "el zip debe contener exactamente los archivos del paquete: falta {what}",
        ),
        ("{member} in the zip differs from {name}", "{member} en el zip difiere de {name}"),
        ("the zip cannot be read ({error})", "no se puede leer el zip ({error})"),
        (
            "the zip or one of its members has a comment; a package zip holds its files only",
            "el zip o uno de sus miembros tiene un comentario; el zip de un paquete solo contiene sus archivos",
        ),
        (
            "the zip holds bytes outside its members (offset {offset}); a package zip holds its files only",
            "el zip contiene bytes fuera de sus miembros (posición {offset}); el zip de un paquete solo contiene sus archivos",
        ),
        ("the zip is larger than 512 MiB", "el zip ocupa más de 512 MiB"),
        ("this file is not valid JSON", "este archivo no es JSON válido"),
        (
            "this workbook unpacks to more than 512 MiB",
            "este libro ocupa más de 512 MiB descomprimido",
        ),
        ("this workbook cannot be read ({error})", "no se puede leer este libro ({error})"),
        ("this database cannot be read ({error})", "no se puede leer esta base de datos ({error})"),
    ],
    "formula": [
        (
            "{lead}is a spreadsheet formula; a frozen workbook holds values only",
            "{lead}es una fórmula de hoja de cálculo; un libro congelado solo contiene valores",
        ),
        (
            "{lead}holds a spreadsheet formula ({tag}); a frozen workbook holds values only",
            "{lead}contiene una fórmula de hoja de cálculo ({tag}); un libro congelado solo contiene valores",
        ),
    ],
    "version": [
        (
            "version {version} of {dataset} was withdrawn ({where}); a withdrawn version number is never used again: "
            "set a higher version in datapackage.yaml",
            "la versión {version} de {dataset} fue retirada ({where}); el número de una versión retirada no se vuelve a usar: "
            "ponga una versión mayor en datapackage.yaml",
        )
    ],
    "privacy-withheld": [
        (
            "{lead}is filled in a record whose publish level withholds it; a frozen version holds only what the site may publish",
            "{lead}está relleno en un registro cuyo nivel de publicación lo reserva; una versión congelada solo contiene lo que el sitio puede publicar",
        )
    ],
    "yaml-duplicate-key": [
        (
            "{lead}appears twice in this record (first at line {n})",
            "{lead}aparece dos veces en este registro (primero en la línea {n})",
        ),
        ('key "{name}" appears twice', 'la clave "{name}" aparece dos veces'),
    ],
}

# Words inside messages that are themselves translated.
WORDS_ES = {
    "special": {
        "a named pipe (FIFO)": "una tubería con nombre (FIFO)",
        "a socket": "un socket",
        "a character device": "un dispositivo de caracteres",
        "a block device": "un dispositivo de bloques",
        "an unknown kind of file": "un tipo de archivo desconocido",
    },
    "label": {
        "national ID number": "un número de cédula",
        "phone number": "un número de teléfono",
        "e-mail address": "una dirección de correo electrónico",
    },
    "kind": {
        "integer": "número entero",
        "number": "número",
        "boolean": "valor lógico (true o false)",
        "date": "fecha",
        "string": "texto",
        "list": "lista",
        "value": "valor",
    },
}
LEAD = re.compile(r'^field "(?P<name>[^"]*)": $')


@cache
def _pattern(template: str) -> re.Pattern:
    """An English template as a regular expression with one named group per placeholder."""
    out = []
    for literal, name in re.findall(r"([^{]*)(?:\{(\w+)\})?", template):
        out.append(re.escape(literal))
        if name == "lead":
            out.append(r'(?P<lead>(?:field "[^"]*": )?)')
        elif name:
            out.append(f"(?P<{name}>.*?)")
    return re.compile("^" + "".join(out) + "$", re.DOTALL)


def translate(message: str, code: str, lang: str) -> str:
    """The message in lang; English, or any message without a template, comes back unchanged."""
    if lang == "en":
        return message
    for english, spanish in TEMPLATES.get(code, []):
        match = _pattern(english).match(message)
        if match:
            return spanish.format(**{k: spanish_value(k, v) for k, v in match.groupdict().items()})
    return message


def spanish_value(name: str, value: str) -> str:
    if name == "lead":
        lead = LEAD.match(value)
        return f'campo "{lead.group("name")}": ' if lead else ""
    return WORDS_ES.get(name, {}).get(value, value)


def localize(issue: Issue, lang: str) -> Issue:
    """The issue with its message in lang (the code, place and field never change)."""
    return dataclasses.replace(issue, message=translate(issue.message, issue.code, lang))
