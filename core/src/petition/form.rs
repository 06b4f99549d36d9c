//! The request as a clerk types it, without JSON: `name = value` lines in a request file
//! (written by [`template`], `shafaf petition init`) or command-line flags `--name value`.
//! Both use one vocabulary, [`FIELDS`]: a name per request field, its JSON path, the values
//! it takes and its help in Arabic, French and English.
//!
//! The request file format: one `name = value` per line; lines starting with `#` are comments;
//! an empty value leaves the field unset; a name is a field's flag name (`within-attributions`)
//! or its JSON path (`subject.within_attributions`). Dates are `DD/MM/YYYY` or `YYYY-MM-DD`
//! ([`crate::date::parse_date_flexible`]); yes/no facts take `yes`/`no`, `oui`/`non`,
//! `نعم`/`لا`, `true`/`false`, `1`/`0`.
//!
//! ```
//! use shafaf::petition::form::{read_form, request_from_settings};
//! let settings = read_form("level = region\nterritory = MA-05\npetitioner = citizens\n\
//!                           received = 02/03/2026\n", "petition.txt")?;
//! let request = request_from_settings(None, &settings, "petition.txt")?;
//! assert_eq!(request.received.to_string(), "2026-03-02");
//! # Ok::<(), shafaf::Error>(())
//! ```

use super::messages::condition_title;
use super::request::{PetitionLevel, PetitionRequest, Petitioner};
use crate::error::{Error, Location, Result};
use crate::i18n::Lang;
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// What a field's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One of these words.
    Choice(&'static [&'static str]),
    /// Free text (a territory code).
    Code,
    /// A date.
    Date,
    /// Yes or no (a fact the bureau assessed).
    YesNo,
    /// A whole number.
    Count,
    /// A census policy word, or a census year.
    Census,
}

/// One field of the request as a clerk names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormField {
    /// The flag name (`--` + name on the command line) and the name in request files.
    pub name: &'static str,
    /// The JSON path in the request (docs/schemas/petition-request.schema.json).
    pub path: &'static str,
    /// Its values.
    pub kind: FieldKind,
    /// Whether every request needs it.
    pub required: bool,
    /// What it is, `[ar, fr, en]`, or the title of the condition it feeds.
    help: Help,
}

/// A field's help: its own words, or those of the verdict's condition it feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Help {
    Words([&'static str; 3]),
    Condition(&'static str),
}

impl FormField {
    /// What the field is, in `lang`, with the values it takes.
    pub fn help(&self, lang: Lang) -> String {
        let text = match self.help {
            Help::Words(words) => words,
            Help::Condition(code) => condition_title(code),
        };
        let text = text[lang_index(lang)];
        format!("{text} ({})", self.values(lang))
    }

    /// The values it takes, in `lang`.
    pub fn values(&self, lang: Lang) -> String {
        match self.kind {
            FieldKind::Choice(words) => words.join(" | "),
            FieldKind::Code => ["رمز", "code", "code"][lang_index(lang)].into(),
            FieldKind::Date => ["يوم/شهر/سنة DD/MM/YYYY", "JJ/MM/AAAA", "DD/MM/YYYY"][lang_index(lang)].into(),
            FieldKind::YesNo => format!("{} | {}", yes_no(true, lang), yes_no(false, lang)),
            FieldKind::Count => ["عدد", "nombre", "number"][lang_index(lang)].into(),
            FieldKind::Census => {
                format!(
                    "{} | {}",
                    CENSUS_WORDS.join(" | "),
                    ["سنة إحصاء", "année de recensement", "census year"][lang_index(lang)]
                )
            }
        }
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Ar => 0,
        Lang::Fr => 1,
        Lang::En => 2,
    }
}

/// `yes`/`no` in `lang`.
pub fn yes_no(value: bool, lang: Lang) -> &'static str {
    match (lang, value) {
        (Lang::Ar, true) => "نعم",
        (Lang::Ar, false) => "لا",
        (Lang::Fr, true) => "oui",
        (Lang::Fr, false) => "non",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    }
}

const LEVELS: &[&str] = &["region", "prefecture_or_province", "commune", "national", "legislative_motion"];
const CENSUS_WORDS: &[&str] = &["latest_published_before", "latest_published_on_or_before"];

macro_rules! field {
    ($name:literal, $path:literal, $kind:expr, $required:literal, [$ar:literal, $fr:literal, $en:literal]) => {
        FormField { name: $name, path: $path, kind: $kind, required: $required, help: Help::Words([$ar, $fr, $en]) }
    };
    ($name:literal, $path:literal, $kind:expr, $condition:literal) => {
        FormField { name: $name, path: $path, kind: $kind, required: false, help: Help::Condition($condition) }
    };
}

/// Every field of a request, in the order of a request file. Facts left unset are "not
/// assessed" in the verdict; policies left unset take their literal-reading defaults.
pub const FIELDS: &[FormField] = &[
    field!(
        "level",
        "level",
        FieldKind::Choice(LEVELS),
        true,
        ["مستوى المجلس", "Niveau du conseil", "Level of the council"]
    ),
    field!(
        "territory",
        "territory",
        FieldKind::Code,
        false,
        ["رمز الجماعة الترابية (مثلا MA-05)", "Code de la collectivité (p. ex. MA-05)", "Territory code (e.g. MA-05)"]
    ),
    field!(
        "petitioner",
        "petitioner",
        FieldKind::Choice(&["citizens", "association"]),
        true,
        [
            "مقدمو العريضة: مواطنون أو جمعية",
            "Pétitionnaires : citoyens ou association",
            "Petitioners: citizens or an association"
        ]
    ),
    field!(
        "received",
        "received",
        FieldKind::Date,
        true,
        [
            "تاريخ توصل الرئيس بالعريضة",
            "Date de réception par le président",
            "Date the president received the petition"
        ]
    ),
    field!(
        "decision",
        "decision",
        FieldKind::Date,
        false,
        ["تاريخ قرار المكتب", "Date de la décision du bureau", "Date of the bureau's decision"]
    ),
    field!("within-attributions", "subject.within_attributions", FieldKind::YesNo, "subject_within_attributions"),
    field!(
        "touches-constants",
        "subject.touches_constitutional_constants",
        FieldKind::YesNo,
        false,
        [
            "الموضوع يمس الثوابت (الفصل الأول من الدستور)",
            "L'objet touche aux constantes (Constitution, art. 1)",
            "The subject touches the constants (Constitution art. 1)"
        ]
    ),
    field!("common-interest", "subject.common_interest", FieldKind::YesNo, "common_interest"),
    field!("general-interest", "subject.general_interest", FieldKind::YesNo, "general_interest"),
    field!(
        "excluded-matter",
        "subject.excluded_matter",
        FieldKind::YesNo,
        false,
        [
            "الموضوع من المواضيع المستثناة (وطني)",
            "L'objet est une matière exclue (national)",
            "The subject is an excluded matter (national)"
        ]
    ),
    field!("within-domain-of-law", "subject.within_domain_of_law", FieldKind::YesNo, "within_domain_of_law"),
    field!("single-addressee", "subject.single_addressee", FieldKind::YesNo, "single_addressee"),
    field!(
        "cin-copies",
        "documents.cin_copies",
        FieldKind::YesNo,
        false,
        ["نسخ البطائق الوطنية مرفقة", "Copies des CIN jointes", "Copies of the identity cards attached"]
    ),
    field!(
        "association-papers",
        "documents.association_papers",
        FieldKind::YesNo,
        false,
        ["وثائق الجمعية مرفقة", "Pièces de l'association jointes", "Association's papers attached"]
    ),
    field!(
        "constituted-in-morocco",
        "association.constituted_in_morocco",
        FieldKind::YesNo,
        "association_constituted_in_morocco"
    ),
    field!(
        "association-founded",
        "association.founded",
        FieldKind::Date,
        false,
        ["تاريخ تأسيس الجمعية", "Date de constitution de l'association", "Date the association was constituted"]
    ),
    field!(
        "democratic-functioning",
        "association.democratic_functioning",
        FieldKind::YesNo,
        "association_democratic_functioning"
    ),
    field!("good-standing", "association.good_standing", FieldKind::YesNo, "association_good_standing"),
    field!(
        "seat-or-branch-in-territory",
        "association.seat_or_branch_in_territory",
        FieldKind::YesNo,
        "association_seat_or_branch_in_territory"
    ),
    field!(
        "activity-linked-to-subject",
        "association.activity_linked_to_subject",
        FieldKind::YesNo,
        "association_activity_linked_to_subject"
    ),
    field!(
        "association-members",
        "association.members",
        FieldKind::Count,
        false,
        ["عدد منخرطي الجمعية", "Nombre d'adhérents de l'association", "Number of the association's members"]
    ),
    field!(
        "addressee",
        "addressee",
        FieldKind::Choice(&["head_of_government", "house_of_representatives", "house_of_councillors"]),
        false,
        ["السلطة الموجهة إليها العريضة (وطني)", "Autorité destinataire (national)", "Authority addressed (national)"]
    ),
    field!(
        "committee-members",
        "committee.members",
        FieldKind::Count,
        false,
        [
            "عدد أعضاء لجنة التقديم (وطني)",
            "Membres du comité de présentation (national)",
            "Members of the presentation committee (national)"
        ]
    ),
    field!(
        "committee-regions",
        "committee.regions",
        FieldKind::Count,
        false,
        [
            "عدد الجهات التي يقيم بها أعضاء اللجنة",
            "Régions de résidence des membres du comité",
            "Regions the committee members live in"
        ]
    ),
    field!(
        "census",
        "policies.census",
        FieldKind::Census,
        false,
        [
            "الإحصاء المعتمد للساكنة القانونية",
            "Recensement retenu pour la population légale",
            "Census giving the legal population"
        ]
    ),
    field!(
        "duplicates",
        "policies.duplicates",
        FieldKind::Choice(&["count_once", "exclude_all_occurrences"]),
        false,
        ["التوقيعات المكررة", "Signatures en double", "Duplicate signatures"]
    ),
    field!(
        "region-requires-electoral-conditions",
        "policies.region_requires_electoral_conditions",
        FieldKind::YesNo,
        false,
        [
            "الجهات: اشتراط شروط التسجيل في اللوائح الانتخابية",
            "Régions : exiger les conditions d'inscription électorale",
            "Regions: require the electoral-registration conditions"
        ]
    ),
    field!(
        "activity-only",
        "policies.activity_only",
        FieldKind::Choice(&["count_in_total_only", "exclude"]),
        false,
        [
            "الجهات: الموقعون بسبب النشاط فقط",
            "Régions : signataires au seul titre d'une activité",
            "Regions: signatories by activity only"
        ]
    ),
    field!(
        "deadline-extension",
        "policies.deadline_extension",
        FieldKind::Choice(&["none", "next_working_day"]),
        false,
        ["أجل يصادف يوم عطلة", "Délai tombant un jour chômé", "Deadline on a non-working day"]
    ),
    field!(
        "late-decision",
        "policies.late_decision",
        FieldKind::Choice(&["next_session_with_warning", "following_session"]),
        false,
        [
            "قرار بعد أجل جدول الأعمال",
            "Décision après la date limite de l'ordre du jour",
            "Decision after the agenda cut-off"
        ]
    ),
    field!(
        "session-window",
        "policies.session_window",
        FieldKind::Choice(&["window_starts_after", "window_ends_after"]),
        false,
        [
            "الجماعات: احتساب أسبوع الدورة",
            "Communes : prise en compte de la semaine de session",
            "Communes: counting the session week"
        ]
    ),
    field!(
        "malformed-rows",
        "policies.malformed_rows",
        FieldKind::Choice(&["error", "exclude"]),
        false,
        ["سطر غير مقروء في لائحة الموقعين", "Ligne illisible de la liste des signataires", "Unreadable signatory row"]
    ),
];

/// The field a request file or a flag names, by flag name or JSON path.
pub fn field(name: &str) -> Option<&'static FormField> {
    let name = name.trim().trim_start_matches("--");
    FIELDS.iter().find(|f| f.name == name || f.path == name || f.name.replace('-', "_") == name)
}

/// One value given for a field, with where it was given (a file line, a flag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The field.
    pub field: &'static FormField,
    /// The value as typed; empty means unset.
    pub value: String,
    /// Where it was given, for errors.
    pub location: Location,
}

impl Setting {
    /// A value given for the field named `name` (flag name or JSON path) at `source`.
    pub fn new(name: &str, value: &str, source: &str) -> Result<Self> {
        let location = Location::in_source(source);
        Setting::at(name, value, location)
    }

    fn at(name: &str, value: &str, location: Location) -> Result<Self> {
        let field = field(name).ok_or_else(|| {
            Error::invalid_value(
                location.clone().field(name.trim()),
                "a request field (docs/petitions.md)",
                name.trim(),
            )
        })?;
        Ok(Setting { field, value: value.trim().to_string(), location: location.field(field.name) })
    }
}

/// Reads a request file's `name = value` lines (see the module's documentation).
pub fn read_form(text: &str, source: &str) -> Result<Vec<Setting>> {
    let mut settings = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = Location::in_source(source).row(index as u64 + 1);
        let Some((name, value)) = line.split_once('=') else {
            return Err(Error::MalformedInput {
                location: at,
                format: "petition request".into(),
                message: "expected a line `name = value`".into(),
            });
        };
        let value = value.split_once(" #").map_or(value, |(value, _)| value);
        settings.push(Setting::at(name, value, at)?);
    }
    Ok(settings)
}

/// Applies settings to a request's JSON form (`{}` for a new one): a later setting wins.
pub fn apply_settings(request: &mut Value, settings: &[Setting]) -> Result<()> {
    if !request.is_object() {
        *request = Value::Object(Map::new());
    }
    let Value::Object(map) = request else { unreachable!("made an object above") };
    // The petitioner first, so that association facts find their object in any order.
    let (first, rest): (Vec<&Setting>, Vec<&Setting>) =
        settings.iter().filter(|s| !s.value.is_empty()).partition(|s| s.field.name == "petitioner");
    for setting in first.into_iter().chain(rest) {
        let value = typed_value(setting)?;
        let (head, tail) = setting.field.path.split_once('.').unwrap_or((setting.field.path, ""));
        match (head, tail) {
            ("petitioner", _) => {
                let kind = value.as_str().unwrap_or_default();
                let current = map.get("petitioner").and_then(|p| p.get("kind")).and_then(Value::as_str);
                if kind != "association" || current != Some("association") {
                    map.insert("petitioner".into(), serde_json::json!({ "kind": kind }));
                }
            }
            ("association", fact) => {
                let petitioner = map.entry("petitioner").or_insert_with(|| serde_json::json!({"kind": "association"}));
                if let Some(text) = petitioner.as_str() {
                    *petitioner = serde_json::to_value(text.parse::<Petitioner>()?)
                        .map_err(|e| Error::Internal { message: e.to_string() })?;
                }
                if petitioner.get("kind").and_then(Value::as_str) != Some("association") {
                    return Err(Error::invalid_value(
                        setting.location.clone(),
                        "petitioner = association for an association's facts",
                        "petitioner = citizens",
                    ));
                }
                petitioner[fact] = value;
            }
            (name, "") => {
                map.insert(name.into(), value);
            }
            (group, item) => {
                let object = map.entry(group).or_insert_with(|| Value::Object(Map::new()));
                if !object.is_object() {
                    *object = Value::Object(Map::new());
                }
                object[item] = value;
            }
        }
    }
    Ok(())
}

/// A setting's value in the request's JSON form, checked against its field's kind.
fn typed_value(setting: &Setting) -> Result<Value> {
    let text = setting.value.as_str();
    let wrong = |expected: String| Error::invalid_value(setting.location.clone(), expected, text);
    let word = text.to_lowercase().replace(['-', ' '], "_");
    Ok(match setting.field.kind {
        FieldKind::Date => {
            let date = crate::date::parse_date_flexible_at(text, setting.location.clone())?;
            Value::String(date.to_string())
        }
        FieldKind::Code => Value::String(text.to_string()),
        FieldKind::YesNo => match word.as_str() {
            "yes" | "oui" | "true" | "1" | "نعم" => Value::Bool(true),
            "no" | "non" | "false" | "0" | "لا" => Value::Bool(false),
            _ => return Err(wrong("yes or no (oui/non, نعم/لا)".into())),
        },
        FieldKind::Count => Value::from(text.parse::<u32>().map_err(|_| wrong("a whole number".into()))?),
        FieldKind::Census => match text.parse::<u16>() {
            Ok(year) => serde_json::json!({"policy": "fixed", "census": year}),
            Err(_) if CENSUS_WORDS.contains(&word.as_str()) => serde_json::json!({ "policy": word }),
            Err(_) => return Err(wrong(format!("one of {}, or a census year", CENSUS_WORDS.join(", ")))),
        },
        FieldKind::Choice(words) if setting.field.name == "level" => {
            let level: PetitionLevel = text.parse().map_err(|_| wrong(format!("one of {}", words.join(", "))))?;
            serde_json::to_value(level).map_err(|e| Error::Internal { message: e.to_string() })?
        }
        FieldKind::Choice(words) => {
            let word = if setting.field.name == "petitioner" && word == "citizen" { "citizens".into() } else { word };
            if !words.contains(&word.as_str()) {
                return Err(wrong(format!("one of {}", words.join(", "))));
            }
            Value::String(word)
        }
    })
}

/// A request from `base` (a request's JSON form, e.g. a petition file's) with `settings`
/// applied; `source` names the result in errors about missing or inconsistent fields.
pub fn request_from_settings(base: Option<Value>, settings: &[Setting], source: &str) -> Result<PetitionRequest> {
    let mut value = base.unwrap_or_else(|| Value::Object(Map::new()));
    apply_settings(&mut value, settings)?;
    super::request_from_value(value, source)
}

/// A commented request file in `lang`, every field listed with its help, the values in
/// `settings` filled in (each checked against its field), the others left empty. [`read_form`]
/// reads it back.
pub fn template(lang: Lang, settings: &[Setting]) -> Result<String> {
    for setting in settings.iter().filter(|s| !s.value.is_empty()) {
        typed_value(setting)?;
    }
    let words = |w: [&'static str; 3]| w[lang_index(lang)];
    let mut out = String::new();
    let intro = words([
        "# shafaf — طلب عريضة. سطر «الاسم = القيمة» لكل حقل؛ القيمة الفارغة والأسطر التي تبدأ ب # لا تقرأ.\n\
         # التواريخ: DD/MM/YYYY (يوم/شهر/سنة) أو YYYY-MM-DD. الوقائع: نعم أو لا؛ الفارغة \"غير مقيمة\".\n\
         # الفحص: shafaf petition check لائحة-الموقعين.csv --request هذا-الملف --lang ar\n",
        "# shafaf — demande de pétition. Une ligne « nom = valeur » par champ ; une valeur vide et les\n\
         # lignes commençant par # sont ignorées. Dates : JJ/MM/AAAA ou AAAA-MM-JJ. Faits : oui ou non ;\n\
         # laissés vides, ils sont « non évalués » dans la décision.\n\
         # Vérifier : shafaf petition check liste-des-signataires.csv --request ce-fichier --lang fr\n",
        "# shafaf — petition request. One line `name = value` per field; an empty value and lines\n\
         # starting with # are ignored. Dates: DD/MM/YYYY or YYYY-MM-DD. Facts: yes or no; left empty,\n\
         # they are \"not assessed\" in the verdict.\n\
         # Check: shafaf petition check signatory-list.csv --request this-file --lang en\n",
    ]);
    out.push_str(intro);
    let sections: [(&str, [&str; 3]); 5] = [
        ("", ["الطلب", "La demande", "The request"]),
        (
            "subject.",
            ["تقييم المكتب للموضوع", "Appréciation de l'objet par le bureau", "The bureau's assessment of the subject"],
        ),
        ("documents.", ["الوثائق المرفقة", "Pièces jointes", "Documents attached"]),
        (
            "association.",
            [
                "الجمعية (إذا كانت هي مقدمة العريضة)",
                "L'association (si elle est pétitionnaire)",
                "The association (if it petitions)",
            ],
        ),
        (
            "policies.",
            [
                "اختيارات لا يحسمها النص (القيم الافتراضية هي القراءة الحرفية)",
                "Choix que la loi laisse ouverts (par défaut : la lecture littérale)",
                "Choices the law leaves open (defaults: the literal reading)",
            ],
        ),
    ];
    for (prefix, title) in sections {
        let _ = write!(out, "\n# — {} —\n", words(title));
        let in_section = |f: &&FormField| {
            if prefix.is_empty() {
                !["subject.", "documents.", "association.", "policies."].iter().any(|p| f.path.starts_with(p))
            } else {
                f.path.starts_with(prefix)
            }
        };
        for field in FIELDS.iter().filter(in_section) {
            let required =
                if field.required { words([" (إلزامي)", " (obligatoire)", " (required)"]) } else { "" };
            let _ = writeln!(out, "# {}{required}", field.help(lang));
            let value = settings.iter().rev().find(|s| s.field.name == field.name).map_or(String::new(), |s| {
                match (field.kind, typed_value(s)) {
                    (FieldKind::YesNo, Ok(Value::Bool(b))) => yes_no(b, lang).to_string(),
                    _ => s.value.clone(),
                }
            });
            let _ = writeln!(out, "{} = {value}", field.name);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn every_field_has_one_name_and_a_help_in_each_language() {
        let mut names = std::collections::BTreeSet::new();
        for field in FIELDS {
            assert!(names.insert(field.name), "{}", field.name);
            for lang in Lang::ALL {
                let help = field.help(lang);
                assert!(!help.starts_with(" ("), "{} has no help in {lang}", field.name);
            }
            // Each path is a field of the request's JSON form.
            let settings = [Setting::new(field.name, "", "t").unwrap()];
            assert!(apply_settings(&mut Value::Null, &settings).is_ok());
        }
        assert!(FIELDS[5].help(Lang::Fr).starts_with("Objet relevant des attributions du conseil"));
    }

    #[test]
    fn settings_build_a_request_and_later_ones_win() {
        let settings = [
            Setting::new("level", "Region", "command line").unwrap(),
            Setting::new("--territory", "MA-05", "command line").unwrap(),
            Setting::new("petitioner", "citizens", "command line").unwrap(),
            Setting::new("received", "02/03/2026", "command line").unwrap(),
            Setting::new("within-attributions", "oui", "command line").unwrap(),
            Setting::new("subject.common_interest", "نعم", "command line").unwrap(),
            Setting::new("census", "2014", "command line").unwrap(),
            Setting::new("received", "2026-03-03", "command line").unwrap(),
        ];
        let request = request_from_settings(None, &settings, "command line").unwrap();
        assert_eq!(request.level, PetitionLevel::Region);
        assert_eq!(request.received.to_string(), "2026-03-03");
        assert_eq!(request.subject.within_attributions, Some(true));
        assert_eq!(request.subject.common_interest, Some(true));
        assert_eq!(request.policies.census, crate::territory::CensusPolicy::Fixed { census: 2014 });
    }

    #[test]
    fn association_facts_go_to_the_petitioner_in_any_order() {
        let form = "association-members = 120\npetitioner = association\nassociation-founded = 01/01/2020\n\
                    level = province\nterritory = MA-AZI\nreceived = 2026-03-02\n";
        let request = request_from_settings(None, &read_form(form, "p.txt").unwrap(), "p.txt").unwrap();
        let Petitioner::Association(facts) = request.petitioner else { panic!("an association") };
        assert_eq!(facts.members, Some(120));
        assert_eq!(facts.founded.unwrap().to_string(), "2020-01-01");
        let form = "petitioner = citizens\nassociation-members = 120\n";
        let error = apply_settings(&mut Value::Null, &read_form(form, "p.txt").unwrap()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidValue);
        assert_eq!(
            error.details()["location"],
            serde_json::json!({"source": "p.txt", "row": 2, "field": "association-members"})
        );
    }

    #[test]
    fn errors_name_the_line_and_field_and_the_expected_form() {
        let error = read_form("# c\nlevel region\n", "p.txt").unwrap_err();
        assert_eq!(error.code(), ErrorCode::MalformedInput);
        assert_eq!(error.details()["location"]["row"], 2);
        let error = read_form("colour = blue\n", "p.txt").unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidValue);
        let settings = read_form("received = 03/25/2026\n", "p.txt").unwrap();
        let error = apply_settings(&mut Value::Null, &settings).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidDate);
        assert!(error.to_string().starts_with("p.txt, row 1, field `received`:"), "{error}");
        assert!(error.to_string().contains("YYYY-MM-DD or DD/MM/YYYY"));
        for (name, value) in
            [("cin-copies", "maybe"), ("level", "county"), ("duplicates", "twice"), ("association-members", "-3")]
        {
            let settings = [Setting::new(name, value, "command line").unwrap()];
            let error = apply_settings(&mut Value::Null, &settings).unwrap_err();
            assert_eq!(error.code(), ErrorCode::InvalidValue, "{name}");
            assert_eq!(error.details()["location"]["field"], name);
        }
        let error = request_from_settings(None, &read_form("level = region\n", "p.txt").unwrap(), "p.txt").unwrap_err();
        assert_eq!(error.code(), ErrorCode::MissingField);
    }

    #[test]
    fn the_template_reads_back_in_every_language() {
        let given = [
            Setting::new("level", "region", "init").unwrap(),
            Setting::new("territory", "MA-05", "init").unwrap(),
            Setting::new("petitioner", "citizens", "init").unwrap(),
            Setting::new("received", "02/03/2026", "init").unwrap(),
            Setting::new("cin-copies", "yes", "init").unwrap(),
        ];
        let expected = request_from_settings(None, &given, "init").unwrap();
        for lang in Lang::ALL {
            let text = template(lang, &given).unwrap();
            for field in FIELDS {
                assert!(text.contains(&format!("\n{} = ", field.name)), "{} in {lang}", field.name);
            }
            let read = read_form(&text, "petition.txt").unwrap();
            assert_eq!(request_from_settings(None, &read, "petition.txt").unwrap(), expected, "{lang}");
        }
        assert!(template(Lang::Ar, &given).unwrap().contains("cin-copies = نعم"));
        assert!(template(Lang::Fr, &given).unwrap().contains("cin-copies = oui"));
        let blank = read_form(&template(Lang::Fr, &[]).unwrap(), "petition.txt").unwrap();
        let error = request_from_settings(None, &blank, "petition.txt").unwrap_err();
        assert_eq!(error.code(), ErrorCode::MissingField);
        let typo = [Setting::new("received", "31/31/2026", "command line").unwrap()];
        assert_eq!(template(Lang::Fr, &typo).unwrap_err().code(), ErrorCode::InvalidDate);
    }
}
