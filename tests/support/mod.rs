//! Helpers for the end-to-end tests.
pub mod app;
pub mod webdriver;
