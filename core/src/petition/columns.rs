//! The columns of a signatory list, recognised by their header in Arabic, French or English.
//!
//! Header names are data: [`COLUMN_ALIASES`] for the columns the check reads and
//! [`PERSONAL_COLUMNS`] for personal data it recognises and never reads. Both are compared
//! after [`crate::sheet::header_key`] (case, accents, punctuation, `_` and `-` ignored), so
//! `N° CIN`, `n_cin` and `N. CIN` are one name. Every other column is reported in the verdict
//! as not used ([`ListColumn`]), so a misspelt header is seen rather than silently ignored.

use super::signatory::CSV_COLUMNS;
use crate::error::{Error, Location, Result};
use crate::sheet::header_key;
use schemars::JsonSchema;
use serde::Serialize;

/// For each field of [`CSV_COLUMNS`] (same order), the headers people write. The canonical
/// names and the aliases of [`CSV_COLUMNS`] are accepted too.
pub const COLUMN_ALIASES: [(&str, &[&str]); 6] = [
    (
        "cin",
        &[
            "N° CIN",
            "No CIN",
            "Num CIN",
            "Numéro CIN",
            "Numéro de CIN",
            "Numéro de la CIN",
            "N° CNIE",
            "Numéro CNIE",
            "Numéro de la CNIE",
            "CIN",
            "CNIE",
            "Carte nationale",
            "N° carte nationale",
            "Numéro de la carte nationale",
            "CIN number",
            "National ID",
            "National ID number",
            "ID card number",
            "رقم البطاقة الوطنية",
            "رقم البطاقة الوطنية للتعريف",
            "رقم بطاقة التعريف الوطنية",
            "البطاقة الوطنية",
            "ب.و.ت",
            "رقم ب.و.ت",
        ],
    ),
    (
        "birth_date",
        &[
            "Date de naissance",
            "Date naissance",
            "Né le",
            "Née le",
            "Birth date",
            "Date of birth",
            "DOB",
            "تاريخ الازدياد",
            "تاريخ الميلاد",
            "تاريخ الولادة",
        ],
    ),
    (
        "residence",
        &[
            "Province",
            "Préfecture",
            "Province / Préfecture",
            "Préfecture / Province",
            "Préfecture ou province",
            "Province ou préfecture",
            "Province de résidence",
            "Préfecture de résidence",
            "Province / Préfecture de résidence",
            "Préfecture / Province de résidence",
            "Lieu de résidence",
            "Résidence",
            "Commune",
            "Commune de résidence",
            "Territoire",
            "Residence",
            "Place of residence",
            "Territory",
            "العمالة أو الإقليم",
            "الإقليم أو العمالة",
            "العمالة",
            "الإقليم",
            "الجماعة",
            "محل الإقامة",
            "مكان الإقامة",
            "الإقامة",
        ],
    ),
    (
        "activity_in_territory",
        &[
            "Activité",
            "Activité dans le territoire",
            "Activité économique",
            "Exerce une activité",
            "Activity",
            "Activity in territory",
            "النشاط",
            "النشاط الاقتصادي",
            "مزاولة نشاط",
        ],
    ),
    (
        "registered_on_electoral_lists",
        &[
            "Inscrit sur les listes électorales",
            "Inscription sur les listes électorales",
            "Inscrit",
            "Registered",
            "Registered on electoral lists",
            "مسجل في اللوائح الانتخابية",
            "التسجيل في اللوائح الانتخابية",
            "مسجل",
        ],
    ),
    (
        "cnie_expiry",
        &[
            "Date d'expiration",
            "Date d'expiration de la CNIE",
            "Date de validité",
            "Validité CNIE",
            "Expiry date",
            "CNIE expiry",
            "CNIE expiry date",
            "تاريخ انتهاء الصلاحية",
            "تاريخ انتهاء صلاحية البطاقة",
        ],
    ),
];

/// Headers of personal data a list may hold and shafaf never reads (Law 09-08): names,
/// addresses, telephones, e-mails, places of birth, signatures.
pub const PERSONAL_COLUMNS: &[&str] = &[
    "Nom",
    "Prénom",
    "Nom et prénom",
    "Nom complet",
    "Prénom et nom",
    "Nom de famille",
    "Name",
    "First name",
    "Last name",
    "Family name",
    "Full name",
    "Adresse",
    "Adresse de résidence",
    "Address",
    "Téléphone",
    "Tél",
    "Tel",
    "GSM",
    "Phone",
    "Telephone",
    "E-mail",
    "Email",
    "Courriel",
    "Lieu de naissance",
    "Place of birth",
    "Signature",
    "الاسم",
    "الاسم الشخصي",
    "الاسم العائلي",
    "النسب",
    "الاسم والنسب",
    "الاسم الكامل",
    "العنوان",
    "الهاتف",
    "رقم الهاتف",
    "البريد الإلكتروني",
    "مكان الازدياد",
    "التوقيع",
];

/// What a column of a signatory list is to the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnStatus {
    /// Read by the check (its `field` says as what).
    Used,
    /// Personal data recognised by its header (a name, an address, a signature): never read.
    PersonalNotRead,
    /// Not recognised, or a second column for a field already read: not read.
    NotUsed,
}

/// One column of a signatory list, as the check accounted for it. Headers only: no cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ListColumn {
    /// The list (file name, and the sheet in brackets for a workbook).
    pub source: String,
    /// The column: its letter (`A`, `B`, … as a spreadsheet names it).
    pub column: String,
    /// The header as written.
    pub header: String,
    /// Used, personal data never read, or not used.
    pub status: ColumnStatus,
    /// For a used column, the signatory field it gives (`cin`, `birth_date`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Which fields a petition needs from a list, each an index in [`CSV_COLUMNS`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RequiredColumns {
    pub(crate) birth_date: bool,
    /// A residence column, unless the list has an activity column.
    pub(crate) residence_or_activity: bool,
    pub(crate) registered: bool,
    pub(crate) cnie_expiry: bool,
}

/// The field a header names (an index in [`CSV_COLUMNS`]), or `None`: the look-up every
/// reader of signatories uses (files here, tables in the bindings).
pub fn field_of(header: &str) -> Option<usize> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    (0..CSV_COLUMNS.len()).find(|&field| {
        let (canonical, legacy) = CSV_COLUMNS[field];
        std::iter::once(canonical)
            .chain(legacy.iter().copied())
            .chain(COLUMN_ALIASES[field].1.iter().copied())
            .any(|alias| header_key(alias) == key)
    })
}

/// Whether a header names personal data that is never read.
pub(crate) fn is_personal(header: &str) -> bool {
    let key = header_key(header);
    PERSONAL_COLUMNS.iter().any(|alias| header_key(alias) == key)
}

/// Every header accepted for a field, for the error that says it is missing.
fn looked_for(field: usize) -> String {
    let (canonical, legacy) = CSV_COLUMNS[field];
    let mut names: Vec<&str> = vec![canonical];
    names.extend(legacy.iter().copied());
    names.extend(COLUMN_ALIASES[field].1.iter().copied());
    names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
}

/// Where the fields are in a header, and how every column was accounted for.
#[derive(Debug, Clone)]
pub(crate) struct HeaderPlan {
    /// For each field of [`CSV_COLUMNS`], its 0-based position.
    pub(crate) positions: [Option<usize>; 6],
    pub(crate) report: Vec<ListColumn>,
}

impl HeaderPlan {
    /// Reads a header. A missing required column is [`Error::MissingSignatoryColumn`] naming the
    /// headers looked for; a column named twice is read once (the first) and reported not used.
    pub(crate) fn new(
        headers: &[String],
        source: &str,
        header_row: u64,
        required: RequiredColumns,
    ) -> Result<HeaderPlan> {
        let mut positions = [None; 6];
        let mut report = Vec::with_capacity(headers.len());
        for (index, header) in headers.iter().enumerate() {
            let header = header.trim_start_matches('\u{feff}').trim();
            let field = field_of(header);
            let (status, field) = match field {
                Some(field) if positions[field].is_none() => {
                    positions[field] = Some(index);
                    (ColumnStatus::Used, Some(CSV_COLUMNS[field].0.to_string()))
                }
                _ if header.is_empty() => continue, // an empty trailing header cell
                _ if is_personal(header) => (ColumnStatus::PersonalNotRead, None),
                _ => (ColumnStatus::NotUsed, None),
            };
            report.push(ListColumn {
                source: source.into(),
                column: crate::sheet::column_letters(index),
                header: header.into(),
                status,
                field,
            });
        }
        let missing = |field: usize| Error::MissingSignatoryColumn {
            location: Location::in_source(source).row(header_row),
            column: CSV_COLUMNS[field].0.into(),
            looked_for: looked_for(field),
        };
        let needed = [
            (0, true),
            (1, required.birth_date),
            (2, required.residence_or_activity && positions[3].is_none()),
            (4, required.registered),
            (5, required.cnie_expiry),
        ];
        if let Some((field, _)) = needed.iter().find(|(field, needed)| *needed && positions[*field].is_none()) {
            return Err(missing(*field));
        }
        Ok(HeaderPlan { positions, report })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_three_languages() {
        for (header, field) in [
            ("N° CIN", 0),
            ("cnie", 0),
            ("رقم البطاقة الوطنية", 0),
            ("Date de naissance", 1),
            ("DATE_DE_NAISSANCE", 1),
            ("تاريخ الازدياد", 1),
            ("تاريخ الميلاد", 1),
            ("Province / Préfecture de résidence", 2),
            ("العمالة أو الإقليم", 2),
            ("Commune", 2),
            ("الجماعة", 2),
            ("Activité", 3),
            ("النشاط", 3),
            ("residence", 2),
        ] {
            assert_eq!(field_of(header), Some(field), "{header}");
        }
        assert_eq!(field_of("Observations"), None);
        for personal in ["Nom", "PRÉNOM", "الاسم", "النسب", "العنوان", "الهاتف", "التوقيع", "Signature"]
        {
            assert!(is_personal(personal), "{personal}");
        }
    }

    #[test]
    fn a_missing_required_column_lists_the_names_looked_for() {
        let headers: Vec<String> = ["Nom", "N° CIN", "Province"].map(String::from).to_vec();
        let required = RequiredColumns { birth_date: true, residence_or_activity: true, ..Default::default() };
        let error = HeaderPlan::new(&headers, "liste.csv", 1, required).unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::MissingSignatoryColumn);
        let message = error.to_string();
        assert!(
            message.starts_with("liste.csv, row 1: no `birth_date` column (looked for \"birth_date\""),
            "{message}"
        );
        assert!(message.contains("\"Date de naissance\"") && message.contains("\"تاريخ الازدياد\""), "{message}");
        let plan = HeaderPlan::new(&headers, "liste.csv", 1, RequiredColumns::default()).unwrap();
        let statuses: Vec<ColumnStatus> = plan.report.iter().map(|c| c.status).collect();
        assert_eq!(statuses, [ColumnStatus::PersonalNotRead, ColumnStatus::Used, ColumnStatus::Used]);
    }
}
