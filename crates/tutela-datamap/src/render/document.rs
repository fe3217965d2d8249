//! The artefact as a document before it is written out: sections of prose, labelled fields and
//! tables whose cells hold items made of text pieces. Every text is already in the page's language;
//! a piece that fell back to another language carries that language so HTML can mark it.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use tutela_i18n::Lang;

/// A run of text, and its language when it is not the page's (an untranslated operator text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    pub text: String,
    pub lang: Option<Lang>,
}

impl Piece {
    /// Text in the page's language.
    pub fn plain(text: impl Into<String>) -> Self {
        Piece { text: text.into(), lang: None }
    }
}

/// One entry of a cell or field: pieces shown side by side.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Item {
    pub pieces: Vec<Piece>,
}

impl Item {
    pub fn plain(text: impl Into<String>) -> Self {
        Item { pieces: vec![Piece::plain(text)] }
    }

    pub fn push(mut self, piece: Piece) -> Self {
        self.pieces.push(piece);
        self
    }

    /// The item as one string (CSV, JSON).
    pub fn text(&self) -> String {
        self.pieces.iter().map(|piece| piece.text.as_str()).collect()
    }
}

impl From<Piece> for Item {
    fn from(piece: Piece) -> Self {
        Item { pieces: vec![piece] }
    }
}

/// A table cell or a field's value: no item (shown as a dash), one, or a list.
pub(crate) type Cell = Vec<Item>;

/// A column: its stable English key (JSON keys), its localized label, and whether it holds a list.
#[derive(Clone, Debug)]
pub(crate) struct Column {
    pub key: &'static str,
    pub label: String,
    pub list: bool,
}

/// A table: columns and rows of cells, one per column.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// A labelled value (the operator's name, address, contact ...).
#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub key: &'static str,
    pub label: String,
    pub value: Cell,
    pub list: bool,
}

/// A part of the document with a heading.
#[derive(Clone, Debug)]
pub(crate) struct Section {
    pub key: &'static str,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub table: Option<Table>,
    /// Shown instead of the table when it has no rows.
    pub empty: Option<String>,
    /// A sentence introducing the fields, shown after the table.
    pub fields_intro: Option<String>,
    pub fields: Vec<Field>,
}

impl Section {
    pub fn new(key: &'static str, heading: String) -> Self {
        Section {
            key,
            heading,
            paragraphs: Vec::new(),
            table: None,
            empty: None,
            fields_intro: None,
            fields: Vec::new(),
        }
    }

    /// Whether the table is present and has rows.
    pub fn has_rows(&self) -> bool {
        self.table.as_ref().is_some_and(|table| !table.rows.is_empty())
    }
}

/// The edition line: which version of the map, and its hash.
#[derive(Clone, Debug)]
pub(crate) struct EditionView {
    pub version: Option<u64>,
    pub version_text: String,
    pub hash_label: String,
    pub content_hash: String,
}

/// A whole artefact.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    pub artifact: &'static str,
    pub lang: Lang,
    pub title: String,
    pub edition: EditionView,
    pub operator_heading: String,
    pub operator: Vec<Field>,
    pub sections: Vec<Section>,
    pub notes: Vec<String>,
}

impl Document {
    /// The table written as CSV: the first section's table, followed by the rows of later tables
    /// with the same columns (pi-shared's SDK directory after its third parties).
    pub fn main_table(&self) -> Table {
        let mut tables = self.sections.iter().filter_map(|section| section.table.as_ref());
        let Some(first) = tables.next() else { return Table::default() };
        let keys = |table: &Table| table.columns.iter().map(|c| c.key).collect::<Vec<_>>();
        let mut main = first.clone();
        for table in tables {
            if keys(table) == keys(first) {
                main.rows.extend(table.rows.iter().cloned());
            }
        }
        main
    }
}

// ---------------------------------------------------------------------------------------------------
// JSON: the document as documented in the module `render`.

/// A cell as JSON: a string for a single-valued column (empty string when empty), an array of
/// strings for a list column.
struct CellJson<'a> {
    cell: &'a Cell,
    list: bool,
}

impl Serialize for CellJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.list {
            let mut seq = serializer.serialize_seq(Some(self.cell.len()))?;
            for item in self.cell {
                seq.serialize_element(&item.text())?;
            }
            seq.end()
        } else {
            let texts: Vec<String> = self.cell.iter().map(Item::text).collect();
            serializer.serialize_str(&texts.join(" "))
        }
    }
}

struct RowJson<'a> {
    columns: &'a [Column],
    row: &'a [Cell],
}

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (column, cell) in self.columns.iter().zip(self.row) {
            map.serialize_entry(column.key, &CellJson { cell, list: column.list })?;
        }
        map.end()
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("key", self.key)?;
        map.serialize_entry("label", &self.label)?;
        map.serialize_entry("value", &CellJson { cell: &self.value, list: self.list })?;
        map.end()
    }
}

impl Serialize for Column {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("key", self.key)?;
        map.serialize_entry("label", &self.label)?;
        map.serialize_entry("list", &self.list)?;
        map.end()
    }
}

impl Serialize for Section {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("key", self.key)?;
        map.serialize_entry("heading", &self.heading)?;
        map.serialize_entry("paragraphs", &self.paragraphs)?;
        map.serialize_entry("fields_intro", &self.fields_intro)?;
        map.serialize_entry("fields", &self.fields)?;
        let empty = Table::default();
        let table = self.table.as_ref().unwrap_or(&empty);
        map.serialize_entry("columns", &table.columns)?;
        let rows: Vec<RowJson<'_>> = table.rows.iter().map(|row| RowJson { columns: &table.columns, row }).collect();
        map.serialize_entry("rows", &rows)?;
        map.end()
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Edition<'a> {
            version: Option<u64>,
            content_hash: &'a str,
            text: &'a str,
        }
        #[derive(Serialize)]
        struct Operator<'a> {
            heading: &'a str,
            fields: &'a [Field],
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format", super::JSON_FORMAT)?;
        map.serialize_entry("artifact", self.artifact)?;
        map.serialize_entry("lang", self.lang.as_str())?;
        map.serialize_entry("title", &self.title)?;
        let edition = Edition {
            version: self.edition.version,
            content_hash: &self.edition.content_hash,
            text: &self.edition.version_text,
        };
        map.serialize_entry("edition", &edition)?;
        map.serialize_entry("operator", &Operator { heading: &self.operator_heading, fields: &self.operator })?;
        map.serialize_entry("sections", &self.sections)?;
        map.serialize_entry("notes", &self.notes)?;
        map.end()
    }
}
