//! Tutela's domain: the things an operator promises and the rules that decide whether a promise was kept.
//!
//! This crate is pure: it knows nothing of SQL, HTTP, files or the clock on the wall. Every function takes
//! the current instant as an argument, so every rule here can be tested deterministically. The storage
//! crate persists these types; the server crate exposes them.

pub mod calendar;
pub mod calendar_book;
pub mod clock;
pub mod consent;
pub mod deadline;
pub mod incident;
pub mod journal;
pub mod operator;
pub mod redact;
pub mod request;
pub mod retention;
pub mod service;
pub mod staff;
pub mod subject;
pub mod subscription;
