//! Helpers for the end-to-end tests.
pub mod app;
pub mod tmpfs;
pub mod webdriver;
pub mod x11;
