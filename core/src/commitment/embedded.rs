//! The Béni Mellal-Khénifra Regional Council's OGP Local action plan 2022–2027, as published on
//! the OGP plan page (shared/seed) and summarised in shared/domain/ogp.md §d.1.
//!
//! Only what was published is here. Two commitments are known, MABMK0007 and MABMK0008, without
//! milestone tables; the id numbering implies at least eight. Nothing is invented to fill the
//! gaps: they are listed in the plan's and the commitments' `gaps`, and every check copes with
//! a plan that is partly known. The commitment texts are the note's English summaries of the
//! OGP commitment pages; the plan texts (foreword, vision, challenges, goals) are the page's
//! English text verbatim. Endorsers are counted (61 listed on the page), never named.

use super::cocreation::{CoCreationRecord, Endorsement, Meeting, MeetingKind, OutreachEvent};
use super::date::PartialDate;
use super::findings::text;
use super::model::{
    ActionPlan, Actor, ActorRole, Commitment, DeclaredDate, Document, DocumentKind, Foreword, ForewordAuthor,
    LocalType, Member, MemberKind, MonitoringBody, OgpValue, Sector,
};
use crate::i18n::Text;

/// The OGP page of the plan.
pub const BMK_PLAN_URL: &str =
    "https://www.opengovpartnership.org/documents/action-plan-beni-mellal-khenifra-morocco-2022-2027/";

fn en(text: &str) -> Text {
    Text { en: Some(text.into()), ..Text::default() }
}

/// A partial date from a literal known to be valid.
fn date(text: &str) -> PartialDate {
    text.parse().expect("embedded dates are valid")
}

fn actor(name: &str, role: ActorRole, sector: Option<Sector>) -> Actor {
    Actor { name: en(name), role, sector }
}

fn plan_page() -> Document {
    Document {
        title: en("Action plan – Béni Mellal-Khénifra, Morocco, 2022 – 2027"),
        url: Some(BMK_PLAN_URL.into()),
        kind: Some(DocumentKind::ActionPlan),
        published_on: Some(date("2022-11-30")),
    }
}

/// The BMK action plan 2022–2027 with what is published of it.
///
/// ```
/// let plan = shafaf::commitment::embedded::bmk_2022_2027();
/// assert_eq!(plan.commitments.len(), 2);
/// assert!(plan.commitments.iter().all(|c| c.milestones.is_empty()));
/// assert!(!plan.gaps.is_empty());
/// ```
pub fn bmk_2022_2027() -> ActionPlan {
    let council = "Regional Council of Béni Mellal-Khénifra";
    ActionPlan {
        id: "action-plan-beni-mellal-khenifra-morocco-2022-2027".into(),
        members: vec![Member {
            id: "BMK".into(),
            kind: MemberKind::Local,
            local_type: Some(LocalType::Region),
            country: Some("MA".into()),
            ogp_code: Some("BMK".into()),
            name: Text::new("جهة بني ملال - خنيفرة", "Région de Béni Mellal-Khénifra", "Béni Mellal-Khénifra"),
            // Chosen in the 2022 OGP Local intake (announced May–June 2022).
            joined: Some(date("2022")),
            status: None,
            territory: Some("MA-05".into()),
        }],
        sequence_no: Some(1),
        title: en("Action plan – Béni Mellal-Khénifra, Morocco, 2022 – 2027"),
        url: Some(BMK_PLAN_URL.into()),
        submitted_on: Some(date("2022-11-30")),
        // The title's period, "2022 – 2027"; the page gives no start day.
        start: Some(date("2022")),
        end: Some(date("2027-06")),
        alternative_ends: vec![DeclaredDate {
            date: date("2027-09"),
            source: en(
                "OGP plan page, the box next to \"Action Plan End: June 2027\" (the note's \"Duration: Sep 2027\")",
            ),
        }],
        state: None,
        template: None,
        forewords: vec![Foreword { author: ForewordAuthor::Government, text: en(FOREWORD) }],
        vision: en(VISION),
        challenges: en(CHALLENGES),
        opportunities: en(GOALS),
        lead_institutions: vec![
            actor("Regional Council", ActorRole::Lead, Some(Sector::GovernmentLocal)),
            actor("Regional Administration", ActorRole::Lead, Some(Sector::GovernmentLocal)),
            actor("Consultative Bodies", ActorRole::Lead, Some(Sector::ConsultativeBody)),
            actor("Non-government partners", ActorRole::Lead, None),
            actor("Asociative actors", ActorRole::Lead, Some(Sector::Cso)),
        ],
        co_creation: Some(co_creation()),
        monitoring_body: Some(MonitoringBody {
            name: en(
                "Consultative Bodies and an independent non-governmental organization “center of excellence impact for development”",
            ),
            sector: None,
            inception_report: None,
        }),
        documents: vec![
            plan_page(),
            Document {
                title: en("Letter from the Président of Béni Mellal-Khenifra.pdf"),
                url: None,
                kind: Some(DocumentKind::Letter),
                published_on: None,
            },
        ],
        commitments: vec![mabmk0007(council), mabmk0008(council)],
        revisions: Vec::new(),
        gaps: vec![
            text(
                "لا يُعرف إلا الالتزامان MABMK0007 وMABMK0008؛ ترقيم المعرفات يدل على ثمانية التزامات على الأقل.",
                "Seuls MABMK0007 et MABMK0008 sont connus ; la numérotation suppose au moins huit engagements.",
                "Only MABMK0007 and MABMK0008 are known; the id numbering implies at least eight commitments.",
            ),
            text(
                "تقرير التقييم الأولي غير متاح على صفحات الالتزامات.",
                "Rapport initial : non disponible sur les pages des engagements.",
                "Inception Report: not available on the commitment pages.",
            ),
            text(
                "لم يُسجل عنوان الموقع الذي ستنشر فيه نتائج التتبع.",
                "L'adresse du site où seront publiés les résultats du suivi n'est pas enregistrée.",
                "The address of the website where monitoring results are to be published is not recorded.",
            ),
        ],
    }
}

fn mabmk0007(council: &str) -> Commitment {
    Commitment {
        id: "MABMK0007".into(),
        title: en("Open participative and consultative digital mechanisms"),
        problem: en(
            "Keeping citizens engaged in broad regional planning is hard; citizens and CSOs focus on communal, local needs; ongoing communication, consultation and technology can widen engagement at regional level.",
        ),
        status_quo: en(
            "Only a few CSOs (large ones and networks) can engage with regional decision makers; few attend council sessions.",
        ),
        action: en(
            "1. Keep using and promoting digital participation tools (e-petitions, access to information); 2. widen communication of regional planning information on social media; 3. host an online platform to monitor and report on the SDGs.",
        ),
        contribution: en("Widen reach and engagement of citizens and CSOs with the council through technology."),
        ogp_values: vec![OgpValue::TechnologyAndInnovation],
        start: Some(date("2023-02")),
        end: Some(date("2027-06")),
        actors: vec![actor(council, ActorRole::Lead, Some(Sector::GovernmentLocal))],
        gaps: commitment_gaps(),
        ..Commitment::default()
    }
}

fn mabmk0008(council: &str) -> Commitment {
    let body = |name: &str| actor(name, ActorRole::Implementing, Some(Sector::ConsultativeBody));
    let mut gaps = commitment_gaps();
    gaps.push(text(
        "نص الإجراء مقطوع في المصدر المحفوظ، ولا يوجد نص المساهمة في حل المشكلة.",
        "Le texte de l'action est tronqué dans la source conservée ; la contribution à la solution manque.",
        "The action text is cut off in the stored source; the contribution text is missing.",
    ));
    Commitment {
        id: "MABMK0008".into(),
        title: en("Open Regional Development Plan (Open PDR)"),
        problem: en(
            "The regional development plan (RDP/PDR) is the council's 6-year roadmap; the law requires it to be drafted with participation; the advisory bodies must give an opinion before adoption; consultations began after the Sep 2021 elections.",
        ),
        status_quo: en(
            "The Jan 2022 consultations gathered 400+ NGOs; the RDP was 90 % drafted; advisory bodies, CSOs and citizens lack the skills and tools to follow its implementation.",
        ),
        action: en(
            "Draft the RDP with input from advisory bodies, CSOs and citizens (consultations, meetings, town halls, the council's online portal); simplify and translate the plan so any citizen can read it in local languages.",
        ),
        ogp_values: vec![OgpValue::PublicAccountability],
        start: Some(date("2023-02")),
        end: Some(date("2027-06")),
        actors: vec![
            actor(council, ActorRole::Lead, Some(Sector::GovernmentLocal)),
            body("Advisory Body for Regional Economic Development"),
            body("Advisory Body for Equality, Equal Opportunities and Gender Approach"),
            body("Advisory Body on Integrated Regional Public Policies for Youth"),
        ],
        gaps,
        ..Commitment::default()
    }
}

fn commitment_gaps() -> Vec<Text> {
    vec![
        text(
            "جدول المراحل غير متاح: لا تعطي صفحة OGP أي مرحلة.",
            "Tableau des jalons non disponible : la page OGP n'en donne aucun.",
            "Milestone table not available: the OGP page gives none.",
        ),
        text(
            "النصوص ملخصات إنجليزية لصفحة الالتزام على موقع OGP.",
            "Les textes sont des résumés en anglais de la page de l'engagement sur le site OGP.",
            "The texts are English summaries of the OGP commitment page.",
        ),
    ]
}

fn co_creation() -> CoCreationRecord {
    CoCreationRecord {
        // "The awareness and co-creation sessions organized between April and June 2021" to the
        // final co-creation workshop of 23 November 2022.
        start: Some(date("2021-04")),
        end: Some(date("2022-11-23")),
        outreach: vec![
            OutreachEvent {
                date: date("2021-04"),
                until: Some(date("2021-06")),
                description: en(
                    "Awareness and co-creation sessions on the OGP action plan, April–June 2021: representatives of more than 80 CSOs, including those representing youth, women and persons with disabilities, and five provincial governments (the foreword reports more than 140 participants from 90 local NGOs in June 2021).",
                ),
                participants: None,
                organisations: None,
                evidence: vec![plan_page()],
            },
            OutreachEvent {
                date: date("2022-01"),
                until: None,
                description: en(
                    "Open Regional Development Program (PDR) consultations, January 2022: more than 90 CSOs.",
                ),
                participants: None,
                organisations: Some(90),
                evidence: vec![plan_page()],
            },
        ],
        meetings: vec![Meeting {
            date: date("2022-11-23"),
            kind: MeetingKind::CoCreation,
            forum: false,
            sectors: vec![Sector::GovernmentLocal, Sector::ConsultativeBody, Sector::Cso],
            info_shared_on: None,
            description: en(
                "Co-creation workshop finalising the action plan: elected officials and staff of the regional council, members of the three consultative bodies (economic affairs, youth, gender) and civil society from across the region, with technical support from NDI and the Impact for Development Centre of Excellence.",
            ),
            minutes: None,
        }],
        endorsement: Some(Endorsement {
            by_non_government: true,
            endorsers: Some(61),
            date: None,
            // The endorsement list is part of the plan as submitted on 30 November 2022.
            before_submission: Some(true),
            evidence: vec![plan_page()],
        }),
        ..CoCreationRecord::default()
    }
}

// The plan page's texts, verbatim (shared/seed; paragraphs joined by blank lines).
const FOREWORD: &str = r#"Since 2017, during the first year of its mandate, The Regional Council (RC) of Beni Mellal-Khenifra (BMK), was among the first regions to create consultative bodies (CBs) and to engage in programs to train and equip RC staff and Consultative Bodies (CBs) with skills and capacities on effective public consultation and civic engagement.

The region sees citizen input as essential. It is partly a specificity of the region and partly a desire to perform well and be trailblazers in citizen integration strategy of the central government.

The RC engaged enormous efforts in the OGP mechanism and civic participation; the awareness sessions and co-creation events of the OGP Action Plan in June 2021 were attended by more than 140 participants from 90 local NGOs, despite tight restrictions related to Covid19 pandemic.

The newly elected RC, (Sep 2021) renewed its commitment to OGP and started implementing co-creation events and open PDR Sessions from January 2022.

The approval of this final action plan was based on co-creation between elected officials and Staff of the RC, the consultative bodies and civil society organizations gathered in a session of reflection and concentration on November 23, 2022."#;

const VISION: &str = r#"Beni Mellal-Khenifra region has a strategic vision based on OGP principles; which stipulates the promotion of citizen participation; the consecration of the principles of transparency and accountability; proactive sharing of data and information; a full commitment to the right of access to information; empowering the right of citizens to appeal or petition by creating a mechanism of reception of petitions; capacity building of advisory bodies for better drafting of advisory opinions as well as the establishment of a simplified budget document “citizen budget”, which facilitates the reading and understanding of the annual budget by an ordinary citizen; an open regional development program (PDR)  that allows civil society and the majority of citizens to participate in the strategic planning and by therefore better ownership of this document by all regional actors."#;

const CHALLENGES: &str = r#"The main challenges that limit in some way the achievement of the objectives of our opening strategy are:

1- Mobilizing more associations and cooperatives to participate in the outreach programs.

2- Accompanying other local authorities in the Beni Mellal Khenifra region to join the Moroccan network of open local governments; to ensure more trust between citizens and their political representatives, and of course to ensure effective citizen participation.

3- Mobilization of more resources and partners for the reinforcement of the capacities of civil society and economic factors and the awareness of the role of civil society in the regional and local development"#;

const GOALS: &str = r#"1- Ensuring engagement of CSOs and cooperatives, young people, and the private sector to participate effectively in all phases of regional planning and open governance in order to ensure the region is meeting the priorities of its citizens and the challenges of development.

2- Creative and innovative solutions based on research to more effectively tackle regional development challenges. Engaging civil society, the private sector, elected representatives, and state representatives in the framework of innovation laboratories and collective intelligence.

3- Supporting the Moroccan network and the African network of local open governments to permit the exchange of ideas and experience leading to greater openness for sustainable and just development."#;
