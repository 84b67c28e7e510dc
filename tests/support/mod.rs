//! Helpers for the end-to-end tests.
// Each e2e test binary uses its own part of these helpers.
#![allow(dead_code)]
pub mod a11y;
pub mod app;
pub mod clock;
pub mod libreoffice;
pub mod papers;
pub mod poppler;
pub mod tmpfs;
pub mod webdriver;
pub mod writer;
pub mod x11;
