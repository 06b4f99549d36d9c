//! The verdict as a printable page, for the bureau to attach to its reasoned decision: a
//! self-contained HTML page (no script, no external file), A4 print, `dir="rtl"` in Arabic.
//! It states the request, every condition with its article and the observed and required
//! values, the signatures counted by exclusion reason, the deadlines and the policies applied.
//! Like the verdict, it holds counts only: no CIN, name, birth date, nor even row numbers.

use super::form::{FIELDS, yes_no};
use super::messages;
use super::request::{
    ActivityOnlyPolicy, DeadlineExtension, DuplicatePolicy, LateDecisionPolicy, MalformedRowPolicy, PetitionLevel,
    PetitionPolicies,
};
use super::verdict::{ConditionStatus, Outcome, Verdict};
use crate::budget::render::escape;
use crate::calendar::WindowCounting;
use crate::i18n::{Lang, group_thousands, long_date};
use std::fmt::Write as _;

const STYLE: &str = "\
@page { size: A4; margin: 15mm; }
body { font-family: 'Noto Sans', 'Noto Naskh Arabic', 'DejaVu Sans', Arial, sans-serif; max-width: 190mm; margin: 0 auto; color: #222; line-height: 1.4; font-size: 11pt; }
h1 { font-size: 1.45em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; border-bottom: 2px solid #555; padding-bottom: 2px; margin-top: 1.2em; }
.outcome { font-size: 1.25em; font-weight: bold; padding: 0.4em 0.8em; border: 2px solid; display: inline-block; }
.admissible { color: #1a7f37; } .inadmissible { color: #cf222e; } .incomplete { color: #9a6700; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; font-size: 0.95em; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: start; vertical-align: top; }
thead th { background: #eee; }
td.n, th.n { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.mark { text-align: center; font-weight: bold; white-space: nowrap; }
tr.failed td { background: #fdecee; } tr.not-assessed td { background: #fff8e1; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; } dt { font-weight: bold; } dd { margin: 0; }
section { break-inside: avoid; page-break-inside: avoid; }
.note { background: #fff3cd; border: 1px solid #e6ab02; padding: 0.4em 0.8em; }
footer { font-size: 0.8em; color: #555; border-top: 1px solid #ccc; margin-top: 2em; }
@media print { thead th, tr.failed td, tr.not-assessed td { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
";

/// `[ar, fr, en]` in `lang`.
fn pick(words: [&'static str; 3], lang: Lang) -> &'static str {
    match lang {
        Lang::Ar => words[0],
        Lang::Fr => words[1],
        Lang::En => words[2],
    }
}

/// The name of a regime.
pub(crate) fn level_name(level: PetitionLevel, lang: Lang) -> &'static str {
    pick(
        match level {
            PetitionLevel::Region => {
                ["عريضة إلى مجلس الجهة", "Pétition au conseil de la région", "Petition to the regional council"]
            }
            PetitionLevel::PrefectureOrProvince => [
                "عريضة إلى مجلس العمالة أو الإقليم",
                "Pétition au conseil de la préfecture ou de la province",
                "Petition to the prefecture or province council",
            ],
            PetitionLevel::Commune => {
                ["عريضة إلى مجلس الجماعة", "Pétition au conseil de la commune", "Petition to the commune council"]
            }
            PetitionLevel::National => ["عريضة وطنية", "Pétition nationale", "National petition"],
            PetitionLevel::LegislativeMotion => ["ملتمس في مجال التشريع", "Motion législative", "Legislative motion"],
        },
        lang,
    )
}

/// The policies applied, each as its name and its value in `lang` (no identifiers).
pub fn policy_lines(policies: &PetitionPolicies, lang: Lang) -> Vec<(String, String)> {
    let value = |words: [&'static str; 3]| pick(words, lang).to_string();
    let census = policies.census.describe(lang);
    let values = [
        ("census", census),
        (
            "duplicates",
            match policies.duplicates {
                DuplicatePolicy::CountOnce => value(["يحتسب مرة واحدة", "comptées une fois", "counted once"]),
                DuplicatePolicy::ExcludeAllOccurrences => {
                    value(["تستبعد كل التكرارات", "toutes les occurrences écartées", "every occurrence excluded"])
                }
            },
        ),
        ("region-requires-electoral-conditions", yes_no(policies.region_requires_electoral_conditions, lang).into()),
        (
            "activity-only",
            match policies.activity_only {
                ActivityOnlyPolicy::CountInTotalOnly => {
                    value(["تحتسب في المجموع فقط", "comptés dans le total seulement", "counted in the total only"])
                }
                ActivityOnlyPolicy::Exclude => value(["مستبعدون", "écartés", "excluded"]),
            },
        ),
        (
            "deadline-extension",
            match policies.deadline_extension {
                DeadlineExtension::None => value(["دون تمديد", "pas de report", "no extension"]),
                DeadlineExtension::NextWorkingDay => {
                    value(["يوم العمل الموالي", "jour ouvrable suivant", "next working day"])
                }
            },
        ),
        (
            "late-decision",
            match policies.late_decision {
                LateDecisionPolicy::NextSessionWithWarning => value([
                    "الدورة الموالية مع تنبيه",
                    "session suivante, avec un avertissement",
                    "next session, with a warning",
                ]),
                LateDecisionPolicy::FollowingSession => {
                    value(["الدورة التي تليها", "la session d'après", "the session after"])
                }
            },
        ),
        (
            "session-window",
            match policies.session_window {
                WindowCounting::WindowStartsAfter => value([
                    "يبدأ الأسبوع بعد التاريخ",
                    "semaine commençant après la date",
                    "week starting after the date",
                ]),
                WindowCounting::WindowEndsAfter => {
                    value(["ينتهي الأسبوع بعد التاريخ", "semaine finissant après la date", "week ending after the date"])
                }
            },
        ),
        (
            "malformed-rows",
            match policies.malformed_rows {
                MalformedRowPolicy::Error => value(["توقيف الفحص", "arrêt de l'examen", "stop the check"]),
                MalformedRowPolicy::Exclude => value(["يستبعد السطر", "ligne écartée", "row excluded"]),
            },
        ),
    ];
    values
        .into_iter()
        .map(|(name, value)| {
            let field = FIELDS.iter().find(|f| f.name == name).map(|f| f.help(lang)).unwrap_or_default();
            // The help ends with the values a flag takes: the page shows the one applied.
            let title = field.rsplit_once(" (").map_or(field.as_str(), |(title, _)| title).to_string();
            (title, value)
        })
        .collect()
}

/// The verdict as a self-contained HTML page in `lang`.
pub fn verdict_html(verdict: &Verdict, lang: Lang) -> String {
    let t = |words: [&'static str; 3]| escape(pick(words, lang));
    let direction = if lang.is_rtl() { "rtl" } else { "ltr" };
    let title = pick(
        ["قرار في شأن قبول العريضة", "Examen de la recevabilité de la pétition", "Petition admissibility review"],
        lang,
    );
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{direction}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        lang.tag(),
        escape(title),
        escape(title)
    );
    let council = verdict.territory.as_ref().map_or_else(String::new, |t| format!("{} ({})", t.name.get(lang), t.code));
    let _ = writeln!(out, "<p>{} — {}</p>", escape(level_name(verdict.level, lang)), escape(&council));
    let class = match verdict.outcome {
        Outcome::Admissible => "admissible",
        Outcome::Inadmissible => "inadmissible",
        Outcome::Incomplete => "incomplete",
    };
    let _ = writeln!(
        out,
        "<p class=\"outcome {class}\">{}</p>\n</header>\n<main>",
        escape(&messages::outcome_line(verdict.outcome, verdict.level, lang))
    );

    // The request.
    let _ = writeln!(out, "<section>\n<h2>{}</h2>\n<dl>", t(["الطلب", "La demande", "The request"]));
    let mut item = |name: String, value: String| {
        let _ = writeln!(out, "<dt>{name}</dt><dd>{}</dd>", escape(&value));
    };
    item(
        t(["النظام القانوني", "Régime", "Regime"]),
        format!("{} ({})", level_name(verdict.level, lang), crate::legal::law_name(verdict.level.law(), lang)),
    );
    if let Some(territory) = &verdict.territory {
        item(
            t(["الجماعة الترابية", "Collectivité", "Territory"]),
            format!("{} ({})", territory.name.get(lang), territory.code),
        );
        if let Some(population) = &territory.population {
            item(
                t(["الساكنة القانونية", "Population légale", "Legal population"]),
                messages::population_line(population, lang),
            );
        }
    }
    let petitioner = match &verdict.signatures {
        Some(counts) => format!(
            "{} — {} {}",
            pick(["مواطنون", "citoyens", "citizens"], lang),
            group_thousands(counts.submitted, lang),
            pick(["توقيعا مقدما", "signatures déposées", "signatures submitted"], lang)
        ),
        None => pick(["جمعية", "association", "an association"], lang).to_string(),
    };
    item(t(["مقدمو العريضة", "Pétitionnaires", "Petitioners"]), petitioner);
    item(t(["تاريخ التوصل", "Reçue le", "Received"]), long_date(verdict.received, lang));
    if let Some(decision) = verdict.decision {
        item(t(["تاريخ قرار المكتب", "Décision du bureau le", "Bureau decision"]), long_date(decision, lang));
    }
    out.push_str("</dl>\n</section>\n");

    // The conditions.
    let _ = writeln!(
        out,
        "<section>\n<h2>{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th></tr></thead>\n<tbody>",
        t(["الشروط", "Les conditions", "The conditions"]),
        t(["النتيجة", "Résultat", "Result"]),
        t(["الشرط", "Condition", "Condition"]),
        t(["السند القانوني", "Base légale", "Legal basis"]),
        t(["المعاين", "Constaté", "Observed"]),
        t(["المطلوب", "Requis", "Required"]),
    );
    for condition in &verdict.conditions {
        let (class, mark) = match condition.status {
            ConditionStatus::Passed => ("passed", ["✔ مستوفى", "✔ rempli", "✔ met"]),
            ConditionStatus::Failed => ("failed", ["✘ غير مستوفى", "✘ non rempli", "✘ not met"]),
            ConditionStatus::NotAssessed => ("not-assessed", ["? غير مقيم", "? non évalué", "? not assessed"]),
        };
        let title = pick(messages::condition_title(&condition.code), lang);
        let _ = writeln!(
            out,
            "<tr class=\"{class}\"><td class=\"mark\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            t(mark),
            escape(title),
            escape(&condition.legal_basis.cite(lang)),
            escape(condition.observed.as_deref().unwrap_or("—")),
            escape(condition.required.as_deref().unwrap_or("—")),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");

    // The signatures.
    if let Some(counts) = &verdict.signatures {
        let _ = writeln!(
            out,
            "<section>\n<h2>{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"n\">{}</th></tr></thead>\n<tbody>",
            t(["التوقيعات", "Les signatures", "The signatures"]),
            t(["البيان", "Motif", "Reason"]),
            t(["السند القانوني", "Base légale", "Legal basis"]),
            t(["العدد", "Nombre", "Count"]),
        );
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td></td><td class=\"n\">{}</td></tr>",
            t(["التوقيعات المقدمة", "Signatures déposées", "Signatures submitted"]),
            group_thousands(counts.submitted, lang)
        );
        for exclusion in &counts.excluded {
            let basis = exclusion.legal_basis.as_ref().map_or_else(
                || pick(["اختيار (لا نص)", "choix (pas de texte)", "policy (no text)"], lang).to_string(),
                |b| b.cite(lang),
            );
            let _ = writeln!(
                out,
                "<tr><td>− {}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                escape(exclusion.message.get(lang)),
                escape(&basis),
                group_thousands(exclusion.count, lang)
            );
        }
        let _ = writeln!(
            out,
            "</tbody>\n<tfoot><tr><th scope=\"row\">{}</th><td></td><td class=\"n\"><strong>{}</strong></td></tr></tfoot>\n</table>",
            t(["التوقيعات الصحيحة", "Signatures valides", "Valid signatures"]),
            group_thousands(counts.valid, lang)
        );
        if !counts.per_province.is_empty() {
            let _ = writeln!(
                out,
                "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th></tr></thead>\n<tbody>",
                t([
                    "العمالة أو الإقليم (محل الإقامة الفعلية)",
                    "Préfecture ou province (résidence effective)",
                    "Prefecture or province (actual residence)"
                ]),
                t(["التوقيعات الصحيحة", "Signatures valides", "Valid signatures"]),
                t(["الحد الأدنى (5 %)", "Minimum (5 %)", "Minimum (5 %)"]),
            );
            for province in &counts.per_province {
                let class = if province.valid < province.required { " class=\"failed\"" } else { "" };
                let _ = writeln!(
                    out,
                    "<tr{class}><td>{} ({})</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    escape(province.name.get(lang)),
                    escape(&province.code),
                    group_thousands(province.valid, lang),
                    group_thousands(province.required, lang)
                );
            }
            if counts.not_allocated > 0 {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td></td></tr>",
                    t(["غير موزعة على إقليم", "Non réparties par province", "Not placed in a province"]),
                    group_thousands(counts.not_allocated, lang)
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
        if !verdict.heuristics.is_empty() {
            let _ = writeln!(
                out,
                "<p>{}</p>\n<ul>",
                t([
                    "إشارات للتحقق (ليست شروطا قانونية):",
                    "Signaux à vérifier (ce ne sont pas des conditions légales) :",
                    "Signals to verify (not legal conditions):",
                ])
            );
            for heuristic in &verdict.heuristics {
                let _ = writeln!(
                    out,
                    "<li>{} × {}</li>",
                    group_thousands(heuristic.count, lang),
                    escape(heuristic.message.get(lang))
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }

    // The deadlines.
    let deadlines = &verdict.deadlines;
    if !deadlines.deadlines.is_empty() || deadlines.session.is_some() {
        let _ = writeln!(
            out,
            "<section>\n<h2>{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            t(["الآجال", "Les délais", "The deadlines"]),
            t(["الأجل", "Délai", "Deadline"]),
            t(["التاريخ", "Date", "Date"]),
            t(["طريقة الاحتساب", "Mode de calcul", "How it is counted"]),
            t(["السند القانوني", "Base légale", "Legal basis"]),
        );
        for deadline in &deadlines.deadlines {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(messages::deadline_title(&deadline.code, lang)),
                escape(&long_date(deadline.date, lang)),
                escape(deadline.rule.get(lang)),
                escape(&deadline.legal_basis.cite(lang))
            );
        }
        if let Some(cutoff) = deadlines.agenda_cutoff {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td></td><td></td></tr>",
                escape(messages::deadline_title("agenda_cutoff", lang)),
                escape(&long_date(cutoff, lang))
            );
        }
        out.push_str("</tbody>\n</table>\n");
        if let Some(session) = &deadlines.session {
            let _ = writeln!(out, "<p>{}</p>", escape(&session.describe(lang)));
        }
        out.push_str("</section>\n");
    }

    for warning in &verdict.warnings {
        let _ = writeln!(out, "<p class=\"note\" role=\"note\">⚠ {}</p>", escape(warning.message.get(lang)));
    }

    // The policies.
    let _ = writeln!(
        out,
        "<section>\n<h2>{}</h2>\n<dl>",
        t([
            "الاختيارات المطبقة فيما لا يحسمه النص",
            "Choix appliqués là où la loi est muette",
            "Choices applied where the law is silent"
        ])
    );
    for (name, value) in policy_lines(&verdict.policies, lang) {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(&name), escape(&value));
    }
    out.push_str("</dl>\n</section>\n</main>\n<footer>\n");
    let _ = writeln!(
        out,
        "<p>{}</p>\n</footer>\n</body>\n</html>",
        t([
            "أعدت هذه الوثيقة بواسطة shafaf. لا تتضمن أي معطيات شخصية: أعداد فقط.",
            "Document établi avec shafaf. Il ne contient aucune donnée personnelle : des nombres seulement.",
            "Prepared with shafaf. It holds no personal data: counts only.",
        ])
    );
    out
}

/// The verdict as an HTML fragment for notebooks (`_repr_html_`): the outcome, a table of the
/// conditions with their articles and the full text report under a disclosure, in `lang` and its direction, with styles scoped to
/// `.shafaf-verdict` so that the cells keep apart whatever the host page's stylesheet.
pub fn verdict_fragment(verdict: &Verdict, lang: Lang) -> String {
    let direction = if lang.is_rtl() { "rtl" } else { "ltr" };
    let colour = match verdict.outcome {
        Outcome::Admissible => "#1a7f37",
        Outcome::Inadmissible => "#cf222e",
        Outcome::Incomplete => "#9a6700",
    };
    let mut out = format!(
        "<div class=\"shafaf-verdict\" lang=\"{}\" dir=\"{direction}\"><style>\
         .shafaf-verdict table{{border-collapse:collapse}}\
         .shafaf-verdict th,.shafaf-verdict td{{border:1px solid #bbb;padding:3px 8px;text-align:start;vertical-align:top}}\
         </style><p style=\"font-weight:bold;color:{colour}\">{}</p><table><caption>{}</caption>\
         <thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        lang.tag(),
        escape(&messages::outcome_line(verdict.outcome, verdict.level, lang)),
        escape(pick(["الشروط", "Les conditions", "The conditions"], lang)),
        escape(pick(["النتيجة", "Résultat", "Result"], lang)),
        escape(pick(["الشرط", "Condition", "Condition"], lang)),
        escape(pick(["السند القانوني", "Base légale", "Legal basis"], lang)),
    );
    for condition in &verdict.conditions {
        let mark = match condition.status {
            ConditionStatus::Passed => "✔",
            ConditionStatus::Failed => "✘",
            ConditionStatus::NotAssessed => "?",
        };
        let _ = write!(
            out,
            "<tr><td>{mark}</td><td>{}</td><td>{}</td></tr>",
            escape(condition.message.get(lang)),
            escape(&condition.legal_basis.cite(lang))
        );
    }
    let _ = write!(
        out,
        "</tbody></table><details><summary>{}</summary><pre>{}</pre></details></div>",
        escape(pick(["التقرير الكامل", "Rapport complet", "Full report"], lang)),
        escape(&verdict.to_text(lang))
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::HolidayCalendar;
    use crate::petition::{PetitionDocument, check_petition, check_petition_file};
    use crate::territory::Territories;
    use std::path::Path;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/petitions").join(name)
    }

    fn pages(verdict: &Verdict) -> Vec<(Lang, String)> {
        Lang::ALL.iter().map(|&lang| (lang, verdict_html(verdict, lang))).collect()
    }

    #[test]
    fn the_page_holds_no_personal_data() {
        let path = fixture("commune-inline-signatories.json");
        let document = PetitionDocument::from_file(&path).unwrap();
        let verdict = check_petition(
            &document.request,
            &document.signatories,
            &Territories::embedded(),
            &HolidayCalendar::morocco(),
        )
        .unwrap();
        assert_eq!(verdict.signatures.as_ref().unwrap().submitted, 5);
        for (lang, html) in pages(&verdict) {
            for signatory in &document.signatories {
                let cin = signatory.cin.as_str();
                assert!(!html.contains(&format!(">{cin}<")) && !html.contains(&format!(" {cin} ")), "{cin} in {lang}");
                if let Some(birth) = signatory.birth_date {
                    assert!(!html.contains(&birth.to_string()), "a birth date in {lang}");
                    assert!(!html.contains(&long_date(birth, lang)), "a birth date in {lang}");
                }
            }
        }
        // A realistic list: none of its CINs or birth dates appears.
        let path = fixture("region-bmk-short-khouribga.json");
        let verdict = check_petition_file(&path, &Territories::embedded(), &HolidayCalendar::morocco()).unwrap();
        let csv = std::fs::read_to_string(fixture("region-bmk-short-khouribga.csv")).unwrap();
        for (lang, html) in pages(&verdict) {
            for line in csv.lines().skip(1) {
                let mut cells = line.split(',');
                let (cin, birth) = (cells.next().unwrap(), cells.next().unwrap());
                assert!(cin.is_empty() || !html.contains(&format!(">{cin}<")), "{cin} in {lang}");
                assert!(birth.is_empty() || !html.contains(birth), "{birth} in {lang}");
            }
            assert!(!html.contains("lignes ") && !html.contains("rows "), "no row lists either");
        }
    }

    #[test]
    fn the_page_cites_every_condition_and_deadline_in_its_language() {
        let path = fixture("region-bmk-short-khouribga.json");
        let verdict = check_petition_file(&path, &Territories::embedded(), &HolidayCalendar::morocco()).unwrap();
        let ar = verdict_html(&verdict, Lang::Ar);
        let fr = verdict_html(&verdict, Lang::Fr);
        assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(fr.contains("<html lang=\"fr\" dir=\"ltr\">"));
        for (lang, html) in [(Lang::Ar, &ar), (Lang::Fr, &fr)] {
            assert!(html.contains("@page { size: A4"));
            for forbidden in ["<script", "http://", "https://", "<link", "url("] {
                assert!(!html.contains(forbidden), "{forbidden}");
            }
            for condition in &verdict.conditions {
                assert!(html.contains(&escape(&condition.legal_basis.cite(lang))), "{}", condition.code);
                if let Some(required) = &condition.required {
                    assert!(html.contains(&escape(required)));
                }
            }
            for deadline in &verdict.deadlines.deadlines {
                assert!(html.contains(&escape(&long_date(deadline.date, lang))));
            }
            for exclusion in &verdict.signatures.as_ref().unwrap().excluded {
                assert!(html.contains(&escape(exclusion.message.get(lang))));
            }
            // No identifier of the code (snake_case) is shown to the reader.
            let body = &html[html.find("<body>").unwrap()..];
            let identifier = body.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).find(|w| w.contains('_'));
            assert_eq!(identifier, None, "{lang}");
        }
        assert!(fr.contains("Pétition irrecevable"));
        assert!(fr.contains("dernier recensement dont le décret est publié avant la date"));
        assert!(ar.contains("العريضة غير مقبولة"));
        assert!(!ar.contains("Pétition") && !ar.contains("Petition"), "no French or English in Arabic");
        assert!(
            ar.contains("(القانون التنظيمي رقم 111.14)") && !ar.contains("LO 111-14"),
            "the law as Arabic cites it"
        );
    }

    #[test]
    fn the_fragment_keeps_its_cells_apart_in_the_language_of_the_page() {
        let path = fixture("region-bmk-short-khouribga.json");
        let verdict = check_petition_file(&path, &Territories::embedded(), &HolidayCalendar::morocco()).unwrap();
        let ar = verdict_fragment(&verdict, Lang::Ar);
        assert!(ar.starts_with("<div class=\"shafaf-verdict\" lang=\"ar\" dir=\"rtl\">"));
        assert!(ar.contains("padding:3px 8px") && ar.contains("<th scope=\"col\">السند القانوني</th>"));
        assert_eq!(ar.matches("<tr><td>").count(), verdict.conditions.len());
    }
}
