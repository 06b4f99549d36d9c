//! Rendered reports: languages, direction, self-containment, escaping.

use super::*;
use crate::commitment::Policy;
use crate::commitment::embedded::bmk_2022_2027;
use crate::commitment::report::{HtmlOptions, ProgressReport, ReportFormat, render, render_html, render_markdown};
use crate::i18n::Lang;

fn tracked() -> ActionPlan {
    let mut plan = plan();
    let mut first = update("2022-06-01", ProgressStatus::InProgress, Some(50));
    first.note = en("Website <draft> & content ready");
    first.evidence.push(Document {
        title: en("Minutes"),
        url: Some("https://example.org/minutes.pdf".into()),
        ..Document::default()
    });
    plan.commitments[0].milestones[0].updates.push(first);
    plan.commitments[0].milestones.push(Milestone { id: "2".into(), end: Some(date("2023-03")), ..milestone("2") });
    plan
}

#[test]
fn html_in_three_languages_and_two_directions() {
    let report = ProgressReport::build(&tracked(), day("2023-04-01"), &Policy::default());
    for lang in Lang::ALL {
        let page = render_html(&report, lang, HtmlOptions::default());
        let dir = if lang == Lang::Ar { "rtl" } else { "ltr" };
        assert!(page.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")), "{lang}");
        for forbidden in ["<script", "<link", "@import", "src=\"http", "url("] {
            assert!(!page.contains(forbidden), "{lang}: {forbidden}");
        }
        assert!(page.contains("<svg class=\"timeline\""));
        assert!(page.contains("&lt;draft&gt; &amp; content"), "text is escaped");
        assert!(page.contains("href=\"https://example.org/minutes.pdf\""), "evidence links");
        let (style, body) = (page.find("<style>").unwrap(), page.find("<body>").unwrap());
        assert!(style < body, "the page's stylesheet is in its head");
    }
    let fr = render_html(&report, Lang::Fr, HtmlOptions::default());
    assert!(fr.contains("en retard"), "milestone 2 was due in March 2023");
    let ar = render_html(&report, Lang::Ar, HtmlOptions::default());
    assert!(ar.contains("تقرير تتبع تنفيذ خطة العمل") && ar.contains("متأخر"));
    let fragment = render_html(&report, Lang::En, HtmlOptions { standalone: false });
    assert!(fragment.starts_with("<div class=\"shafaf-report\" lang=\"en\" dir=\"ltr\">"));
    assert!(fragment.contains("<style>") && !fragment.contains("<html"), "a fragment carries its styles");
    let one_call = render(&tracked(), day("2023-04-01"), &Policy::default(), Lang::En, ReportFormat::HtmlFragment);
    assert_eq!(one_call, fragment);
}

#[test]
fn timeline_svg_keeps_left_to_right_under_an_rtl_page() {
    // The timeline's coordinates are already mirrored for Arabic; `direction="ltr"` stops
    // Chromium from flipping `text-anchor` a second time under `dir="rtl"`.
    let report = ProgressReport::build(&tracked(), day("2023-04-01"), &Policy::default());
    for options in [HtmlOptions::default(), HtmlOptions { standalone: false }] {
        let ar = render_html(&report, Lang::Ar, options);
        let roots: Vec<&str> = ar.split("<svg").skip(1).map(|s| &s[..s.find('>').unwrap()]).collect();
        assert!(!roots.is_empty());
        for root in roots {
            assert!(root.contains(" direction=\"ltr\""), "<svg{root}>");
        }
    }
}

#[test]
fn plan_report_prints_on_a4() {
    let report = ProgressReport::build(&tracked(), day("2023-04-01"), &Policy::default());
    let page = render_html(&report, Lang::En, HtmlOptions::default());
    assert!(page.contains("@page{size:A4;"), "the page prints on A4");
    let fragment = render_html(&report, Lang::En, HtmlOptions { standalone: false });
    assert!(!fragment.contains("@page"), "a fragment leaves page rules to its host");
}

#[test]
fn markdown_report() {
    let report = ProgressReport::build(&tracked(), day("2023-04-01"), &Policy::default());
    let markdown = render_markdown(&report, Lang::En);
    assert!(markdown.starts_with("# Action plan progress report"));
    assert!(markdown.contains("### MO0045"));
    assert!(markdown.contains("| 2 "), "milestone table");
    assert!(markdown.contains("in progress (delayed)") || markdown.contains("not started (delayed)"));
    assert!(markdown.contains("Website \\<draft\\> & content ready"));
    assert!(markdown.contains("## Participation and co-creation standards"));
}

#[test]
fn the_bmk_report_says_what_is_not_known() {
    let report = ProgressReport::build(&bmk_2022_2027(), day("2025-06-30"), &Policy::default());
    let markdown = render_markdown(&report, Lang::Fr);
    assert!(markdown.contains("Aucun jalon connu"));
    assert!(markdown.contains("Informations non disponibles"));
    assert!(markdown.contains("L1.3"));
    let html = render_html(&report, Lang::Ar, HtmlOptions::default());
    assert!(html.contains("MABMK0007") && html.contains("dir=\"rtl\""));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["status"]["commitments"].as_array().map(Vec::len), Some(2));
}

#[test]
fn only_web_and_mail_urls_become_links() {
    // A plan downloaded from elsewhere may hold `javascript:` URLs, for its page and its
    // evidence: shown as text in every format, never as a live link.
    let mut plan = tracked();
    plan.url = Some("javascript:alert(document.cookie)".into());
    let evidence = &mut plan.commitments[0].milestones[0].updates[0].evidence;
    evidence.push(Document { title: en("Proof"), url: Some("JavaScript:alert(1)".into()), ..Document::default() });
    evidence.push(Document { title: en("Mail"), url: Some("mailto:irm@example.org".into()), ..Document::default() });
    let report = ProgressReport::build(&plan, day("2023-04-01"), &Policy::default());
    for lang in Lang::ALL {
        let html = render_html(&report, lang, HtmlOptions::default());
        assert!(!html.to_ascii_lowercase().contains("href=\"javascript"), "{lang}");
        assert!(
            html.contains("href=\"https://example.org/minutes.pdf\"")
                && html.contains("href=\"mailto:irm@example.org\"")
        );
        assert!(html.contains("javascript:alert(document.cookie)"), "shown as text");
        let fragment = render(&plan, day("2023-04-01"), &Policy::default(), lang, ReportFormat::HtmlFragment);
        assert!(!fragment.to_ascii_lowercase().contains("href=\"javascript"), "{lang}: _repr_html_'s fragment");
        let markdown = render_markdown(&report, lang);
        assert!(!markdown.to_ascii_lowercase().contains("(<javascript"), "{lang}: {markdown}");
        assert!(markdown.contains("(<https://example.org/minutes.pdf>)"));
    }
}
