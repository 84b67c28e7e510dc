//! What the kernel says about the app's processes (`/proc`): its children (WebKit's web and
//! network processes), their memory as PSS, their age and the environment they were started with.

/// Field `n` (numbered from 1, as in proc(5)) of `/proc/PID/stat`. Counted after the
/// parenthesised command name, which may itself hold spaces.
pub fn stat_field<T: std::str::FromStr>(pid: u32, n: usize) -> Option<T> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(n - 3)?.parse().ok()
}

/// `pid` and every process under it (the app's webview runs in child processes).
pub fn family(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        let parent = all[i];
        if let Ok(entries) = std::fs::read_dir("/proc") {
            for e in entries.flatten() {
                let Ok(child) = e.file_name().to_string_lossy().parse::<u32>() else {
                    continue;
                };
                if stat_field::<u32>(child, 4) == Some(parent) && !all.contains(&child) {
                    all.push(child);
                }
            }
        }
        i += 1;
    }
    all
}

/// The WebKit web processes under `pid` (the kernel keeps 15 bytes of a name:
/// `WebKitWebProces`).
pub fn web_processes(pid: u32) -> Vec<u32> {
    family(pid)
        .into_iter()
        .filter(|&p| name(p).starts_with("WebKitWebProces"))
        .collect()
}

/// Proportional set size in kB: each shared page counted once over the processes sharing it.
pub fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// PSS of `pid` and its children together, in MB.
pub fn family_pss_mb(pid: u32) -> f64 {
    family(pid).iter().map(|&p| pss_kb(p)).sum::<u64>() as f64 / 1024.0
}

/// The process's name as the kernel keeps it (at most 15 bytes).
pub fn name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The environment the process was started with (not what it set on itself afterwards).
pub fn environment(pid: u32) -> Vec<String> {
    std::fs::read(format!("/proc/{pid}/environ"))
        .unwrap_or_default()
        .split(|b| *b == 0)
        .filter(|v| !v.is_empty())
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect()
}

/// Milliseconds since the process started, from the kernel's clock ticks since boot (100 a
/// second on Linux), so within about 10 ms.
pub fn age_ms(pid: u32) -> f64 {
    let started: f64 = stat_field(pid, 22).expect("start time in /proc/PID/stat");
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .unwrap()
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap();
    uptime * 1000.0 - started * 10.0
}

/// The process running `binary` (a canonical path), if one does.
pub fn running(binary: &str) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_string_lossy().parse().ok()?;
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok()?;
        (exe.to_string_lossy() == binary).then_some(pid)
    })
}
