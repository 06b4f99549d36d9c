//! The words of the `shafaf` command line in Arabic, French and English, kept with the other
//! catalogues so that the command line (python/shafaf/cli.py) prints nothing of its own. A
//! text may hold `{name}` placeholders that the command line fills with its values (dates in
//! ISO form, numbers through [`crate::i18n::group_thousands`]). Every key has all three languages.

use crate::i18n::{Lang, pick};

/// The text of `key` in `lang`, or `None` for a key the catalogue does not have.
pub fn command_line_text(key: &str, lang: Lang) -> Option<&'static str> {
    let words: [&'static str; 3] = match key {
        "population_on" => [
            "الساكنة القانونية الجاري بها العمل في {date}",
            "Population légale en vigueur le {date}",
            "Legal population in force on {date}",
        ],
        "unconfirmed" => ["غير مؤكد", "non confirmé", "unconfirmed"],
        "unconfirmed_note" => [
            "* رقم غير مؤكد (مستنتج، لم يُقرأ في المرسوم): {source}",
            "* Chiffre non confirmé (dérivé, non lu dans le décret) : {source}",
            "* Unconfirmed figure (derived, not read in the decree): {source}",
        ],
        "sessions_after" => [
            "الدورات العادية المقبلة بعد {date}",
            "Prochaines sessions ordinaires après le {date}",
            "Next ordinary sessions after {date}",
        ],
        "sessions_in" => {
            ["الدورات العادية لسنة {year}", "Sessions ordinaires de {year}", "Ordinary sessions of {year}"]
        }
        "no_religious" => [
            "تنبيه: لم تُدخل الأعياد الدينية لسنة {years}؛ قد يؤدي عيد ديني إلى تغيير تاريخ. أضفها بواسطة --holidays FILE.",
            "Note : aucune fête religieuse n'a été fournie pour {years} ; une fête religieuse pourrait décaler une date. Ajoutez-les avec --holidays FICHIER.",
            "Note: no religious holidays were supplied for {years}; a religious holiday could move a date. Supply them with --holidays FILE.",
        ],
        "holidays_in" => ["أيام العطل لسنة {year}", "Jours fériés de {year}", "Public holidays of {year}"],
        "no_religious_year" => [
            "تنبيه: لم تُدخل الأعياد الدينية لسنة {year} (--holidays FILE).",
            "Note : aucune fête religieuse n'a été fournie pour {year} (--holidays FICHIER).",
            "Note: no religious holidays were supplied for {year} (--holidays FILE).",
        ],
        "religious_assumed" => [
            "الأعياد الدينية المعتمدة في الحساب:",
            "Fêtes religieuses prises en compte :",
            "Religious holidays assumed:",
        ],
        "religious_of_year" => [
            "الأعياد الدينية لسنة {year} (المرسوم رقم 2.77.169؛ الإعلانات الرسمية، وإلا فالتقديرات):",
            "Fêtes religieuses de {year} (décret 2-77-169 ; annonces officielles, sinon estimations) :",
            "Religious holidays of {year} (decree 2-77-169; official announcements, else estimates):",
        ],
        "could_also_be" => [
            "تنبيه: قد يؤدي عيد ديني تقديري إلى تغيير هذا اليوم إلى {dates} (--holidays FILE للتاريخ المعلن).",
            "Attention : une fête religieuse estimée pourrait déplacer ce jour au {dates} (--holidays FICHIER pour la date annoncée).",
            "Note: an estimated religious holiday could move this day to {dates} (--holidays FILE for the announced date).",
        ],
        "working_day" => ["{date}: يوم عمل", "{date} : jour ouvrable", "{date}: working day"],
        "not_working_day" => ["{date}: ليس يوم عمل", "{date} : jour non ouvrable", "{date}: not a working day"],
        "weekend" => ["نهاية الأسبوع", "week-end", "weekend"],
        "next_working_day" => {
            ["يوم العمل الموالي: {date}", "Jour ouvrable suivant : {date}", "Next working day: {date}"]
        }
        "territories" => {
            ["{count} جماعة ترابية", "{count} collectivités territoriales", "{count} territorial collectivities"]
        }
        "level" => ["المستوى", "Niveau", "Level"],
        "parent" => ["الانتماء", "Rattachement", "Parent"],
        "arrondissements" => ["نظام المقاطعات", "Régime des arrondissements", "Arrondissements regime"],
        "populations" => ["الساكنة القانونية", "Populations légales", "Legal populations"],
        "yes" => ["نعم", "oui", "yes"],
        "no" => ["لا", "non", "no"],
        "rules" => [
            "قواعد العرائض (معايير مؤرخة مع سندها القانوني)",
            "Règles des pétitions (paramètres datés, avec leur base légale)",
            "Petition rules (dated parameters, with their legal basis)",
        ],
        "from" => ["ابتداء من {date}", "à partir du {date}", "from {date}"],
        "from_until" => {
            ["من {start} إلى {end} (غير مشمول)", "du {start} au {end} (exclu)", "from {start} until {end} (excluded)"]
        }
        "pages_written" => {
            ["الصفحات المكتوبة في {directory}:", "Pages écrites dans {directory} :", "Pages written to {directory}:"]
        }
        "citizen_budget" => ["ميزانية المواطن", "Budget citoyen", "Citizen budget"],
        "plan_report" => [
            "تقرير تقدم خطة عمل الشراكة من أجل حكومة منفتحة في {date}",
            "Rapport d'avancement du plan d'action OGP au {date}",
            "Progress report of the OGP action plan on {date}",
        ],
        "revenue" => ["المداخيل", "Recettes", "Revenue"],
        "expenditure" => ["النفقات", "Dépenses", "Expenditure"],
        "per_inhabitant" => ["لكل نسمة", "par habitant", "per inhabitant"],
        "illustrative" => [
            "أرقام توضيحية: هذه ليست الميزانية الرسمية.",
            "Chiffres illustratifs : ce n'est pas le budget officiel.",
            "Illustrative figures: this is not the official budget.",
        ],
        "plan_valid" => [
            "الخطة {plan}: صالحة ({errors} خطأ، {warnings} تنبيه، {info} معلومة)",
            "Plan {plan} : valide ({errors} erreur(s), {warnings} avertissement(s), {info} information(s))",
            "Plan {plan}: valid ({errors} error(s), {warnings} warning(s), {info} info)",
        ],
        "plan_invalid" => [
            "الخطة {plan}: غير صالحة ({errors} خطأ، {warnings} تنبيه، {info} معلومة)",
            "Plan {plan} : non valide ({errors} erreur(s), {warnings} avertissement(s), {info} information(s))",
            "Plan {plan}: not valid ({errors} error(s), {warnings} warning(s), {info} info)",
        ],
        "plan_status" => [
            "الخطة {plan} في {date}: {status}، {percent}",
            "Plan {plan} au {date} : {status}, {percent}",
            "Plan {plan} on {date}: {status}, {percent}",
        ],
        "plan_schedule" => [
            "الخطة {plan} في {date}: تقييمات وصلت {received}، متأخرة {overdue}، مرتقبة {upcoming}، غير محددة بعد {undetermined}",
            "Plan {plan} au {date} : évaluations reçues {received}, en retard {overdue}, à venir {upcoming}, pas encore datées {undetermined}",
            "Plan {plan} on {date}: assessments received {received}, overdue {overdue}, upcoming {upcoming}, not yet dated {undetermined}",
        ],
        "due" => ["الأجل", "échéance", "due"],
        "delayed" => ["متأخر", "en retard", "delayed"],
        "not_reported" => ["التقدم غير مصرح به", "avancement non renseigné", "progress not reported"],
        "not_started" => ["لم يبدأ", "non commencé", "not started"],
        "in_progress" => ["قيد التنفيذ", "en cours", "in progress"],
        "completed" => ["منجز", "achevé", "completed"],
        "withdrawn" => ["مسحوب", "retiré", "withdrawn"],
        "imported" => [
            "{source}: {read} سطر مقروء، {imported} مستورد، {skipped} مستبعد",
            "{source} : {read} ligne(s) lue(s), {imported} importée(s), {skipped} écartée(s)",
            "{source}: {read} row(s) read, {imported} imported, {skipped} skipped",
        ],
        "plans" => ["الخطط", "Plans", "Plans"],
        "commitments" => ["التزام", "engagement(s)", "commitment(s)"],
        "written" => ["كُتب: {path}", "Écrit : {path}", "Written: {path}"],
        // Values the command line shows by their identifiers elsewhere (JSON keeps those).
        "region" => ["جهة", "région", "region"],
        "prefecture_or_province" => ["عمالة أو إقليم", "préfecture ou province", "prefecture or province"],
        "commune" => ["جماعة", "commune", "commune"],
        "civil" => ["وطني", "civil", "civil"],
        "religious" => ["ديني", "religieux", "religious"],
        "error" => ["خطأ", "erreur", "error"],
        "warning" => ["تنبيه", "avertissement", "warning"],
        "info" => ["معلومة", "information", "info"],
        "row" => ["السطر", "ligne", "row"],
        _ => return None,
    };
    Some(pick(lang, words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_the_same_placeholders() {
        let placeholders = |text: &str| {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}'))
                .map(|(name, _)| name.to_string())
                .collect();
            names.sort();
            names
        };
        assert_eq!(command_line_text("population_on", Lang::Fr), Some("Population légale en vigueur le {date}"));
        assert_eq!(command_line_text("nothing", Lang::Fr), None);
        for key in ["population_on", "plan_schedule", "imported", "could_also_be"] {
            let french = placeholders(command_line_text(key, Lang::Fr).unwrap_or_default());
            for lang in Lang::ALL {
                assert_eq!(placeholders(command_line_text(key, lang).unwrap_or_default()), french, "{key}");
            }
        }
    }
}
