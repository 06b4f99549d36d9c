//! Error messages in Arabic and French, for people who read the command line in those
//! languages. Built from an error's code and structured details (so a binding can ask for a
//! message from what it already holds); free text in English (a serde message, an OS error)
//! is left out rather than mixed in. The English message is the error's `Display`.

use crate::error::ErrorCode;
use crate::i18n::Lang;
use serde_json::Value;

fn pick<'a>(lang: Lang, ar: &'a str, fr: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ar => ar,
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// "petition.txt, ligne 4, champ « received »".
fn location(details: &Value, lang: Lang) -> Option<String> {
    let location = details.get("location")?;
    let mut parts = Vec::new();
    if let Some(source) = location.get("source").and_then(Value::as_str) {
        parts.push(source.to_string());
    }
    if let Some(row) = location.get("row").and_then(Value::as_u64) {
        parts.push(format!("{} {row}", pick(lang, "السطر", "ligne", "row")));
    }
    if let Some(field) = location.get("field").and_then(Value::as_str) {
        parts.push(match lang {
            Lang::Ar => format!("الحقل «{field}»"),
            Lang::Fr => format!("champ « {field} »"),
            Lang::En => format!("field `{field}`"),
        });
    }
    (!parts.is_empty()).then(|| parts.join(pick(lang, "، ", ", ", ", ")))
}

/// The expected form, when it can be said in `lang` (date forms, yes/no, a list of words).
fn expected(details: &Value, lang: Lang) -> Option<String> {
    let text = details.get("expected").and_then(Value::as_str)?;
    if text.contains("DD/MM/YYYY") {
        return Some(pick(lang, "تاريخ DD/MM/YYYY أو YYYY-MM-DD", "une date JJ/MM/AAAA ou AAAA-MM-JJ", text).into());
    }
    if text.contains("YYYY-MM-DD") {
        return Some(pick(lang, "تاريخ YYYY-MM-DD", "une date AAAA-MM-JJ", text).into());
    }
    if text.starts_with("yes or no") {
        return Some(pick(lang, "نعم أو لا", "oui ou non", text).into());
    }
    if text == "a whole number" {
        return Some(pick(lang, "عدد صحيح", "un nombre entier", text).into());
    }
    let words: Vec<&str> = if let Some(list) = text.strip_prefix("one of ") {
        list.split(", ").map(|w| w.trim_matches('`')).filter(|w| !w.contains(' ')).collect()
    } else if text.contains('`') {
        text.split('`').skip(1).step_by(2).collect()
    } else {
        Vec::new()
    };
    (!words.is_empty())
        .then(|| format!("{} {}", pick(lang, "إحدى القيم:", "l'une des valeurs :", "one of"), words.join(", ")))
}

/// The message of an error with `code` and `details` (see [`crate::Error::details`]) in
/// `lang`. For [`Lang::En`] prefer the error's `Display`, which keeps the full English detail.
pub fn localized_message(code: ErrorCode, details: &Value, lang: Lang) -> String {
    let s = |key: &str| details.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let at = location(details, lang);
    let colon = pick(lang, ": ", " : ", ": ");
    let body = match code {
        ErrorCode::InvalidArgument => match lang {
            Lang::Ar => format!("المعطى «{}» غير صالح", s("argument")),
            _ => format!("{} « {} »", pick(lang, "", "argument non valide", "invalid argument"), s("argument")),
        },
        ErrorCode::InvalidDate => match lang {
            Lang::Ar => format!("«{}» ليس تاريخا صحيحا", s("value")),
            Lang::Fr => format!("« {} » n'est pas une date valide", s("value")),
            Lang::En => format!("{:?} is not a valid date", s("value")),
        },
        ErrorCode::MissingField => {
            pick(lang, "قيمة إلزامية غير موجودة", "valeur obligatoire absente", "required value is missing").into()
        }
        ErrorCode::InvalidValue => match lang {
            Lang::Ar => "قيمة غير صالحة".into(),
            Lang::Fr => "valeur non valide".into(),
            Lang::En => format!("invalid value {:?}", s("found")),
        },
        ErrorCode::MalformedInput => {
            pick(lang, "وثيقة غير سليمة البنية", "document mal formé", "malformed document").to_string()
                + &match s("format").as_str() {
                    format @ ("JSON" | "CSV") => format!(" ({format})"),
                    _ => String::new(),
                }
        }
        ErrorCode::Io => match lang {
            Lang::Ar => format!("تعذر الوصول إلى «{}»", s("path")),
            Lang::Fr => format!("impossible d'accéder à « {} »", s("path")),
            Lang::En => format!("cannot access {:?}", s("path")),
        },
        ErrorCode::UnknownTerritory => match lang {
            Lang::Ar => format!("رمز جماعة ترابية غير معروف «{}»", s("code")),
            Lang::Fr => format!("code de collectivité inconnu « {} »", s("code")),
            Lang::En => format!("unknown territory code {:?}", s("code")),
        },
        ErrorCode::PopulationUnavailable => match lang {
            Lang::Ar => format!("لا تتوفر ساكنة قانونية للجماعة الترابية «{}»", s("code")),
            Lang::Fr => format!("pas de population légale connue pour « {} »", s("code")),
            Lang::En => format!("no legal population for {:?}", s("code")),
        },
        ErrorCode::NoRuleInForce => match lang {
            Lang::Ar => format!("لا قاعدة سارية في {} (سارية ابتداء من {})", s("date"), s("in_force_from")),
            Lang::Fr => {
                format!("aucune règle en vigueur le {} (en vigueur à partir du {})", s("date"), s("in_force_from"))
            }
            Lang::En => format!("no rule in force on {} (first in force {})", s("date"), s("in_force_from")),
        },
        ErrorCode::InvalidSignatory => {
            pick(lang, "سطر موقع غير مقروء", "ligne de signataire illisible", "unreadable signatory row").into()
        }
        ErrorCode::MissingSignatoryColumn => match lang {
            Lang::Ar => format!("لا يوجد عمود «{}» (الأسماء المبحوث عنها: {})", s("column"), s("looked_for")),
            Lang::Fr => format!("pas de colonne « {} » (noms cherchés : {})", s("column"), s("looked_for")),
            Lang::En => format!("no `{}` column (looked for {})", s("column"), s("looked_for")),
        },
        ErrorCode::AmbiguousDates => {
            // The rows named by the reason (`row 3`, `rows 2, 5`), without its English words.
            let reason = s("reason");
            let mut rows: Vec<&str> = Vec::new();
            let mut after_row = false;
            for word in reason.split(' ') {
                let number = word.trim_end_matches([',', ';']);
                if word == "row" || word == "rows" {
                    after_row = true;
                } else if after_row && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
                    rows.push(number);
                } else {
                    after_row = false;
                }
            }
            let rows = rows.join(", ");
            match lang {
                Lang::Ar => format!("لا يمكن قراءة تواريخ اللائحة بطريقة واحدة (الأسطر {rows}؛ حدد صيغة التاريخ)"),
                Lang::Fr => format!(
                    "les dates de la liste ne se lisent pas d'une seule façon (lignes {rows} ; déclarez le format des dates)"
                ),
                Lang::En => format!("the dates cannot be read unambiguously: {reason}"),
            }
        }
        ErrorCode::LimitExceeded => match lang {
            Lang::Ar => format!("تجاوز المدخل حدا من حدود shafaf ({})", s("limit")),
            Lang::Fr => format!("l'entrée dépasse une limite de shafaf ({})", s("limit")),
            Lang::En => format!("{} exceeds the limit of {}", s("what"), s("limit")),
        },
        ErrorCode::Internal => pick(lang, "خطأ داخلي في shafaf", "erreur interne de shafaf", "internal error").into(),
        other => format!("{} {}", pick(lang, "خطأ", "erreur", "error"), other.name()),
    };
    let mut message = match at {
        Some(at) => format!("{at}{colon}{body}"),
        None => body,
    };
    if matches!(code, ErrorCode::InvalidValue | ErrorCode::InvalidDate | ErrorCode::InvalidArgument) {
        if let Some(expected) = expected(details, lang) {
            message.push_str(&format!(" ({}{colon}{expected})", pick(lang, "المنتظر", "attendu", "expected")));
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::error::Location;

    #[test]
    fn a_bad_date_is_told_in_french_and_arabic_without_english() {
        let error = crate::date::parse_date_flexible_at(
            "03/25/2026",
            Location::in_source("petition.txt").row(4).field("received"),
        )
        .unwrap_err();
        assert_eq!(
            error.message_in(Lang::Fr),
            "petition.txt, ligne 4, champ « received » : « 03/25/2026 » n'est pas une date valide \
             (attendu : une date JJ/MM/AAAA ou AAAA-MM-JJ)"
        );
        let ar = error.message_in(Lang::Ar);
        assert!(ar.contains("السطر 4") && ar.contains("ليس تاريخا صحيحا"), "{ar}");
        assert_eq!(error.message_in(Lang::En), error.to_string());
    }

    #[test]
    fn english_free_text_is_left_out() {
        let error = Error::invalid_value(
            Location::in_source("p.json").field("policies.duplicates"),
            "`count_once` or `exclude_all_occurrences`",
            "unknown variant twice",
        );
        let fr = error.message_in(Lang::Fr);
        assert_eq!(
            fr,
            "p.json, champ « policies.duplicates » : valeur non valide (attendu : l'une des valeurs : count_once, exclude_all_occurrences)"
        );
        let error = Error::MalformedInput {
            location: Location::in_source("p.json").row(2),
            format: "JSON".into(),
            message: "expected value (column 3)".into(),
        };
        assert!(!error.message_in(Lang::Fr).contains("expected"));
    }
}
