-- 0002: indexes for the register's usual filters, a status set combined with a theme or a
-- working group. Measured with benches/register.rs: the filtered page fell from ~4 ms to
-- well under 1 ms at 10,000 requests.

CREATE INDEX advice_request_status_theme ON advice_request (status, theme_id, due_on);
CREATE INDEX advice_request_status_group ON advice_request (status, working_group_id, due_on);
