//! The petition messages in Arabic, French and English. Codes are stable; wording may improve.

use super::request::PetitionLevel;
use super::verdict::{ConditionStatus, ExclusionReason, Outcome, SignatureCounts};
use crate::i18n::{Lang, Text, group_thousands};
use crate::territory::PopulationInForce;

/// `[ar, fr, en]`.
type Words = [&'static str; 3];

fn pick(words: Words, lang: Lang) -> &'static str {
    match lang {
        Lang::Ar => words[0],
        Lang::Fr => words[1],
        Lang::En => words[2],
    }
}

fn text(words: Words) -> Text {
    Text::new(words[0], words[1], words[2])
}

/// The title of a condition.
pub(crate) fn condition_title(code: &str) -> Words {
    match code {
        "subject_within_attributions" => [
            "الموضوع يدخل في صلاحيات المجلس",
            "Objet relevant des attributions du conseil",
            "Subject within the council's attributions",
        ],
        "subject_respects_constants" => [
            "الموضوع لا يمس الثوابت المنصوص عليها في الفصل الأول من الدستور",
            "Objet ne portant pas atteinte aux constantes (Constitution, art. 1)",
            "Subject does not touch the constants of Constitution art. 1",
        ],
        "common_interest" => {
            ["مصلحة مشتركة للموقعين", "Intérêt commun des signataires", "Common interest of the signatories"]
        }
        "signature_threshold" => {
            ["عدد التوقيعات الصحيحة", "Nombre de signatures valides", "Number of valid signatures"]
        }
        "province_distribution" => [
            "توزيع الموقعين على العمالات والأقاليم (5 %)",
            "Répartition par préfecture ou province (5 %)",
            "Distribution over prefectures/provinces (5 %)",
        ],
        "cin_copies_attached" => {
            ["إرفاق نسخ البطائق الوطنية للتعريف", "Copies des CIN jointes", "Copies of the identity cards attached"]
        }
        "association_constituted_in_morocco" => [
            "جمعية معترف بها ومؤسسة بالمغرب",
            "Association reconnue et constituée au Maroc",
            "Association recognised and constituted in Morocco",
        ],
        "association_older_than_3_years" => [
            "مؤسسة منذ أكثر من ثلاث سنوات",
            "Constituée depuis plus de trois ans",
            "Constituted more than three years ago",
        ],
        "association_democratic_functioning" => [
            "تعمل وفق المبادئ الديمقراطية ولأنظمتها الأساسية",
            "Fonctionnement démocratique conforme aux statuts",
            "Democratic functioning under its statutes",
        ],
        "association_good_standing" => [
            "وضعية سليمة إزاء القوانين والأنظمة",
            "Situation régulière au regard des lois",
            "In good standing with the law",
        ],
        "association_seat_or_branch_in_territory" => [
            "مقرها أو أحد فروعها بتراب الجماعة الترابية",
            "Siège ou antenne dans le territoire",
            "Seat or a branch in the territory",
        ],
        "association_activity_linked_to_subject" => [
            "نشاطها مرتبط بموضوع العريضة",
            "Activité liée à l'objet de la pétition",
            "Activity linked to the petition's subject",
        ],
        "association_more_than_100_members" => {
            ["عدد منخرطيها يفوق المائة", "Plus de cent adhérents", "More than one hundred members"]
        }
        "association_papers_attached" => {
            ["إرفاق وثائق الجمعية", "Pièces de l'association jointes", "Association's papers attached"]
        }
        "petitioner_is_citizens" => ["المقدمون مواطنون", "Pétitionnaires citoyens", "Petitioners are citizens"],
        "general_interest" => ["المصلحة العامة", "Intérêt général", "General interest"],
        "subject_not_excluded_matter" => {
            ["الموضوع ليس من المواضيع المستثناة", "Objet hors des matières exclues", "Subject not an excluded matter"]
        }
        "single_addressee" => {
            ["موجهة إلى جهة واحدة", "Adressée à une seule autorité", "Addressed to one authority only"]
        }
        "within_domain_of_law" => ["يدخل في مجال القانون", "Relève du domaine de la loi", "Within the domain of law"],
        "supporters_threshold" => ["عدد المدعمين", "Nombre de soutiens", "Number of supporters"],
        "committee_size" => {
            ["عدد أعضاء لجنة التقديم", "Membres du comité de présentation", "Members of the presentation committee"]
        }
        "committee_regions" => [
            "أعضاء اللجنة من ثلث الجهات على الأقل",
            "Comité issu d'au moins un tiers des régions",
            "Committee from at least a third of the regions",
        ],
        _ => ["شرط", "Condition", "Condition"],
    }
}

fn status_words(status: ConditionStatus) -> Words {
    match status {
        ConditionStatus::Passed => ["مستوفى", "satisfait", "met"],
        ConditionStatus::Failed => ["غير مستوفى", "non satisfait", "not met"],
        ConditionStatus::NotAssessed => ["لم يُقيَّم", "non évalué", "not assessed"],
    }
}

/// "Title: met (412; required ≥ 400)" in each language.
pub(crate) fn condition_message(
    code: &str,
    status: ConditionStatus,
    observed: Option<&str>,
    required: Option<&str>,
) -> Text {
    let title = condition_title(code);
    let status = status_words(status);
    let build = |i: usize, found: &str, needed: &str| {
        let colon = if i == 1 { " :" } else { ":" };
        let mut message = format!("{}{colon} {}", title[i], status[i]);
        match (observed, required) {
            (Some(o), Some(r)) => message.push_str(&format!(" ({found} {o}; {needed} {r})")),
            (Some(o), None) => message.push_str(&format!(" ({found} {o})")),
            (None, Some(r)) => message.push_str(&format!(" ({needed} {r})")),
            (None, None) => {}
        }
        message
    };
    Text {
        ar: Some(build(0, "المعاين:", "المطلوب:")),
        fr: Some(build(1, "constaté :", "requis :")),
        en: Some(build(2, "found:", "required:")),
        zgh: None,
        others: Default::default(),
    }
}

/// The message of an exclusion reason.
pub(crate) fn exclusion_message(reason: ExclusionReason) -> Text {
    text(match reason {
        ExclusionReason::CinMissing => ["رقم البطاقة الوطنية غير مذكور", "CIN absente", "no CIN"],
        ExclusionReason::NotResidentAndNoActivity => [
            "لا يقيم بالتراب ولا يزاول به نشاطا",
            "ni résident ni activité sur le territoire",
            "neither resident nor active in the territory",
        ],
        ExclusionReason::ResidenceUnknown => {
            ["رمز الإقامة غير معروف", "code de résidence inconnu", "unknown residence code"]
        }
        ExclusionReason::UnderElectoralAge => ["دون سن 18 سنة", "moins de 18 ans", "under 18"],
        ExclusionReason::BirthDateMissing => ["تاريخ الازدياد غير مذكور", "date de naissance absente", "no birth date"],
        ExclusionReason::NotRegisteredOnElectoralLists => [
            "غير مسجل في اللوائح الانتخابية العامة",
            "non inscrit sur les listes électorales générales",
            "not registered on the general electoral lists",
        ],
        ExclusionReason::CnieExpiryMissing => {
            ["تاريخ انتهاء صلاحية البطاقة غير مذكور", "date d'expiration de la CNIE absente", "no CNIE expiry date"]
        }
        ExclusionReason::ActivityOnly => [
            "نشاط دون إقامة (سياسة الاستبعاد)",
            "activité sans résidence (politique d'exclusion)",
            "activity without residence (exclusion policy)",
        ],
        ExclusionReason::Duplicate => ["توقيع مكرر", "signature en double", "duplicate signature"],
        ExclusionReason::MalformedRow => ["سطر غير مقروء", "ligne illisible", "unreadable row"],
    })
}

/// The message of a heuristic.
pub(crate) fn heuristic_message(code: &str) -> Text {
    text(match code {
        "cin_unusual_format" => [
            "رقم بطاقة بشكل غير معتاد (تحقق من النسخة)",
            "CIN de forme inhabituelle (vérifier la copie)",
            "CIN of unusual shape (check the copy)",
        ],
        "cnie_expired" => [
            "بطاقة منتهية الصلاحية في تاريخ الإيداع",
            "CNIE expirée à la date de dépôt",
            "CNIE expired on the deposit date",
        ],
        "birth_date_implausible" => {
            ["تاريخ ازدياد غير معقول", "date de naissance invraisemblable", "implausible birth date"]
        }
        _ => ["إشارة", "signal", "signal"],
    })
}

/// The message of a warning.
pub(crate) fn warning_message(code: &str, detail: &str) -> Text {
    let words: Words = match code {
        "population_unavailable" => {
            ["تعذر تحديد الساكنة القانونية", "population légale indisponible", "legal population unavailable"]
        }
        "provinces_unknown" => [
            "عمالات وأقاليم الجهة غير معروفة",
            "préfectures et provinces de la région inconnues",
            "the region's prefectures/provinces are unknown",
        ],
        "decision_after_agenda_cutoff" => [
            "القرار بعد أجل إرسال جدول الأعمال",
            "décision postérieure à la date limite de l'ordre du jour",
            "decision after the agenda cut-off",
        ],
        "decision_after_refusal_deadline" => [
            "القرار بعد أجل تبليغ الرفض",
            "décision après le délai de notification du refus",
            "decision after the refusal deadline",
        ],
        "decision_missing" => {
            ["تاريخ قرار المكتب غير مذكور", "date de décision du bureau absente", "no bureau decision date"]
        }
        "session_depends_on_estimated_holiday" => [
            "تاريخ الدورة مبني على عيد ديني تقديري، وقد يتغير",
            "date de session fondée sur une fête religieuse estimée, susceptible de changer",
            "session date relies on an estimated religious holiday and could move",
        ],
        "deadline_depends_on_estimated_holiday" => [
            "الأجل مبني على عيد ديني تقديري، وقد يتغير",
            "délai fondé sur une fête religieuse estimée, susceptible de changer",
            "deadline relies on an estimated religious holiday and could move",
        ],
        "columns_not_used" => [
            "أعمدة لم تُقرأ في لائحة الموقعين",
            "colonnes de la liste des signataires non utilisées",
            "signatory list columns not used",
        ],
        "religious_holidays_not_supplied" => {
            ["الأعياد الدينية غير مدخلة", "fêtes religieuses non fournies", "religious holidays not supplied"]
        }
        _ => ["تنبيه", "avertissement", "warning"],
    };
    if detail.is_empty() {
        return text(words);
    }
    if code == "population_unavailable" {
        // The detail is an error message, in English only.
        return Text { en: Some(format!("{}: {detail}", words[2])), ..text(words) };
    }
    Text {
        ar: Some(format!("{}: {detail}", words[0])),
        fr: Some(format!("{} : {detail}", words[1])),
        en: Some(format!("{}: {detail}", words[2])),
        zgh: None,
        others: Default::default(),
    }
}

/// The title of a deadline.
pub(crate) fn deadline_title(code: &str, lang: Lang) -> &'static str {
    pick(
        match code {
            "refusal_notice" => {
                ["أجل تبليغ الرفض المعلل", "Notification du refus motivé au plus tard", "Reasoned refusal notified by"]
            }
            "agenda_cutoff" => ["آخر أجل لإرسال جدول الأعمال", "Envoi de l'ordre du jour au plus tard", "Agenda sent by"],
            "referral_to_committee" => [
                "الإحالة على لجنة العرائض",
                "Transmission à la commission des pétitions",
                "Referral to the petitions committee",
            ],
            "committee_opinion" => {
                ["رأي لجنة العرائض", "Avis de la commission des pétitions", "Petitions committee opinion"]
            }
            "national_refusal_notice" => {
                ["تبليغ الرفض المعلل", "Notification du refus motivé", "Reasoned refusal notified"]
            }
            "bureau_decision" => ["قرار المكتب", "Décision du bureau", "Bureau decision"],
            "decision_notice" => ["تبليغ القرار", "Notification de la décision", "Decision notified"],
            _ => ["أجل", "Délai", "Deadline"],
        },
        lang,
    )
}

/// The deadline rule text: "2 months from receipt".
pub(crate) fn months_rule(months: u32, extended: bool) -> Text {
    let extension = |i: usize| {
        if extended {
            [" ثم يوم العمل الموالي", ", puis jour ouvrable suivant", ", then the next working day"][i]
        } else {
            ""
        }
    };
    Text {
        ar: Some(format!("{months} أشهر من تاريخ التوصل{}", extension(0))),
        fr: Some(format!("{months} mois à compter de la réception{}", extension(1))),
        en: Some(format!("{months} months from receipt{}", extension(2))),
        zgh: None,
        others: Default::default(),
    }
}

/// The rule text "N days from <event>".
pub(crate) fn days_rule(days: u32, from: Words) -> Text {
    Text {
        ar: Some(format!("{days} يوما من {}", from[0])),
        fr: Some(format!("{days} jours à compter de {}", from[1])),
        en: Some(format!("{days} days from {}", from[2])),
        zgh: None,
        others: Default::default(),
    }
}

/// The first line of a report.
pub(crate) fn outcome_line(outcome: Outcome, level: PetitionLevel, lang: Lang) -> String {
    let outcome = pick(
        match outcome {
            Outcome::Admissible => ["العريضة مقبولة", "Pétition recevable", "Petition admissible"],
            Outcome::Inadmissible => ["العريضة غير مقبولة", "Pétition irrecevable", "Petition inadmissible"],
            Outcome::Incomplete => ["تقييم غير مكتمل", "Examen incomplet", "Assessment incomplete"],
        },
        lang,
    );
    format!("{outcome} — {}", crate::legal::law_name(level.law(), lang))
}

/// "legal population 2 525 801 (2024 census)".
pub(crate) fn population_line(population: &PopulationInForce, lang: Lang) -> String {
    let unconfirmed = if population.confirmed {
        ""
    } else {
        pick([" (غير مؤكد)", " (non confirmé)", " (unconfirmed)"], lang)
    };
    match lang {
        Lang::Ar => {
            format!(
                "الساكنة القانونية {} (إحصاء {}){unconfirmed}",
                group_thousands(population.population, lang),
                population.census.year
            )
        }
        Lang::Fr => {
            format!(
                "population légale {} (recensement {}){unconfirmed}",
                group_thousands(population.population, lang),
                population.census.year
            )
        }
        Lang::En => {
            format!(
                "legal population {} ({} census){unconfirmed}",
                group_thousands(population.population, lang),
                population.census.year
            )
        }
    }
}

/// "1 200 submitted, 1 150 valid".
pub(crate) fn counts_line(counts: &SignatureCounts, lang: Lang) -> String {
    let (submitted, valid) = (group_thousands(counts.submitted, lang), group_thousands(counts.valid, lang));
    match lang {
        Lang::Ar => format!("التوقيعات: {submitted} مقدمة، {valid} صحيحة"),
        Lang::Fr => format!("Signatures : {submitted} déposées, {valid} valides"),
        Lang::En => format!("Signatures: {submitted} submitted, {valid} valid"),
    }
}

/// The first rows of a list: "rows 3, 7, 12 …".
pub(crate) fn rows_preview(rows: &[u64], lang: Lang) -> String {
    const SHOWN: usize = 10;
    let listed: Vec<String> = rows.iter().take(SHOWN).map(u64::to_string).collect();
    let more = if rows.len() > SHOWN { " …" } else { "" };
    format!("{} {}{more}", pick(["الأسطر", "lignes", "rows"], lang), listed.join(", "))
}
