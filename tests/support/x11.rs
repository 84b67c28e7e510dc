//! Asking a window to close the way a window manager does when its close button is clicked:
//! a `WM_DELETE_WINDOW` client message. (WebDriver's Close Window ends the app directly and
//! would not show whether the app saves before it closes.)

use std::ffi::CStr;
use x11_dl::xlib::{self, Display, Window, Xlib};

unsafe fn find(x: &Xlib, d: *mut Display, w: Window, title: &CStr) -> Option<Window> {
    unsafe {
        let mut name: *mut std::os::raw::c_char = std::ptr::null_mut();
        if (x.XFetchName)(d, w, &mut name) != 0 && !name.is_null() {
            let matches = CStr::from_ptr(name) == title;
            (x.XFree)(name.cast());
            if matches {
                return Some(w);
            }
        }
        let (mut root, mut parent) = (0, 0);
        let mut children: *mut Window = std::ptr::null_mut();
        let mut n = 0u32;
        if (x.XQueryTree)(d, w, &mut root, &mut parent, &mut children, &mut n) == 0 {
            return None;
        }
        let list = if children.is_null() {
            Vec::new()
        } else {
            std::slice::from_raw_parts(children, n as usize).to_vec()
        };
        if !children.is_null() {
            (x.XFree)(children.cast());
        }
        list.into_iter().find_map(|c| find(x, d, c, title))
    }
}

/// Sends `WM_DELETE_WINDOW` to the top-level window titled `title` on `$DISPLAY`.
pub fn request_close(title: &CStr) -> Result<(), String> {
    let x = Xlib::open().map_err(|e| e.to_string())?;
    unsafe {
        let d = (x.XOpenDisplay)(std::ptr::null());
        if d.is_null() {
            return Err("no X display".into());
        }
        let result = match find(&x, d, (x.XDefaultRootWindow)(d), title) {
            None => Err(format!("no window titled {title:?}")),
            Some(w) => {
                let protocols = (x.XInternAtom)(d, c"WM_PROTOCOLS".as_ptr(), 0);
                let delete = (x.XInternAtom)(d, c"WM_DELETE_WINDOW".as_ptr(), 0);
                let mut event: xlib::XEvent = std::mem::zeroed();
                event.client_message.type_ = xlib::ClientMessage;
                event.client_message.window = w;
                event.client_message.message_type = protocols;
                event.client_message.format = 32;
                event
                    .client_message
                    .data
                    .set_long(0, delete as std::os::raw::c_long);
                event
                    .client_message
                    .data
                    .set_long(1, xlib::CurrentTime as std::os::raw::c_long);
                (x.XSendEvent)(d, w, 0, xlib::NoEventMask, &mut event);
                (x.XFlush)(d);
                Ok(())
            }
        };
        (x.XCloseDisplay)(d);
        result
    }
}

/// Whether `w` is mapped and can be seen (only then can it take the keyboard).
unsafe fn viewable(x: &Xlib, d: *mut Display, w: Window) -> bool {
    unsafe {
        let mut a: xlib::XWindowAttributes = std::mem::zeroed();
        (x.XGetWindowAttributes)(d, w, &mut a) != 0 && a.map_state == xlib::IsViewable
    }
}

/// Waits up to `timeout` for a top-level window titled `title` (a native dialog, say) to be
/// shown on the screen.
pub fn wait_for_window(title: &CStr, timeout: std::time::Duration) -> bool {
    let Ok(x) = Xlib::open() else { return false };
    let start = std::time::Instant::now();
    unsafe {
        let d = (x.XOpenDisplay)(std::ptr::null());
        if d.is_null() {
            return false;
        }
        let found = loop {
            if find(&x, d, (x.XDefaultRootWindow)(d), title).is_some_and(|w| viewable(&x, d, w)) {
                break true;
            }
            if start.elapsed() > timeout {
                break false;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        };
        (x.XCloseDisplay)(d);
        found
    }
}

/// Types `text` and then Enter into the window titled `title`, as key presses from the X
/// server's test extension: what a user at the keyboard does in a native dialog, which WebDriver
/// cannot reach. Only characters with an unshifted key (lower case, digits, `/`, `.`, `-`).
pub fn type_into_window(title: &CStr, text: &str) -> Result<(), String> {
    use x11_dl::xtest::Xf86vmode;
    let x = Xlib::open().map_err(|e| e.to_string())?;
    let xt = Xf86vmode::open().map_err(|e| e.to_string())?;
    unsafe {
        let d = (x.XOpenDisplay)(std::ptr::null());
        if d.is_null() {
            return Err("no X display".into());
        }
        let Some(w) = find(&x, d, (x.XDefaultRootWindow)(d), title) else {
            (x.XCloseDisplay)(d);
            return Err(format!("no window titled {title:?}"));
        };
        // No window manager under Xvfb: give the dialog the keyboard ourselves, once it is on
        // the screen (focus on an unmapped window is an X error), and check that it has it.
        if !viewable(&x, d, w) {
            (x.XCloseDisplay)(d);
            return Err(format!("the window {title:?} is not shown"));
        }
        (x.XSetInputFocus)(d, w, xlib::RevertToParent, xlib::CurrentTime);
        (x.XSync)(d, 0);
        let (mut focus, mut revert) = (0, 0);
        (x.XGetInputFocus)(d, &mut focus, &mut revert);
        if focus != w {
            (x.XCloseDisplay)(d);
            return Err(format!("the window {title:?} did not take the keyboard"));
        }
        // Select what the field holds first (Ctrl+A), so the typed text replaces it.
        let key = |name: &str, down: bool| -> Result<(), String> {
            let cname = std::ffi::CString::new(name).unwrap();
            let code = (x.XKeysymToKeycode)(d, (x.XStringToKeysym)(cname.as_ptr()));
            if code == 0 {
                return Err(format!("no key for {name}"));
            }
            (xt.XTestFakeKeyEvent)(d, code as u32, down as i32, 0);
            (x.XSync)(d, 0);
            Ok(())
        };
        let select_all = key("Control_L", true)
            .and_then(|_| key("a", true))
            .and_then(|_| key("a", false))
            .and_then(|_| key("Control_L", false));
        if let Err(e) = select_all {
            (x.XCloseDisplay)(d);
            return Err(e);
        }
        let names = text
            .chars()
            .map(|c| match c {
                '/' => "slash".to_owned(),
                '.' => "period".to_owned(),
                '-' => "minus".to_owned(),
                c => c.to_string(),
            })
            .chain(std::iter::once("Return".to_owned()));
        for name in names {
            if let Err(e) = key(&name, true).and_then(|_| key(&name, false)) {
                (x.XCloseDisplay)(d);
                return Err(e);
            }
            std::thread::sleep(std::time::Duration::from_millis(15));
        }
        (x.XCloseDisplay)(d);
        Ok(())
    }
}

/// A plain window of the test's own that holds the keyboard focus, standing for another
/// program the user switched to. The window lives while the value does.
pub struct OtherWindow {
    x: Xlib,
    d: *mut Display,
    pub window: Window,
}

impl OtherWindow {
    pub fn focused() -> Result<OtherWindow, String> {
        let x = Xlib::open().map_err(|e| e.to_string())?;
        unsafe {
            let d = (x.XOpenDisplay)(std::ptr::null());
            if d.is_null() {
                return Err("no X display".into());
            }
            let root = (x.XDefaultRootWindow)(d);
            let window = (x.XCreateSimpleWindow)(d, root, 0, 0, 400, 300, 0, 0, 0xffffff);
            (x.XStoreName)(d, window, c"Ander programma".as_ptr());
            (x.XMapRaised)(d, window);
            (x.XSync)(d, 0);
            std::thread::sleep(std::time::Duration::from_millis(200));
            (x.XSetInputFocus)(d, window, xlib::RevertToParent, xlib::CurrentTime);
            (x.XSync)(d, 0);
            Ok(OtherWindow { x, d, window })
        }
    }
}

impl Drop for OtherWindow {
    fn drop(&mut self) {
        unsafe {
            (self.x.XDestroyWindow)(self.d, self.window);
            (self.x.XCloseDisplay)(self.d);
        }
    }
}

/// The title of the top-level window that has the keyboard focus (the focus may sit on a child
/// window inside it), or `None` when no named window has it.
pub fn focused_title() -> Option<String> {
    let x = Xlib::open().ok()?;
    unsafe {
        let d = (x.XOpenDisplay)(std::ptr::null());
        if d.is_null() {
            return None;
        }
        let (mut w, mut revert) = (0, 0);
        (x.XGetInputFocus)(d, &mut w, &mut revert);
        let root = (x.XDefaultRootWindow)(d);
        let mut title = None;
        while w != 0 && w != root && w != xlib::PointerRoot as Window {
            let mut name: *mut std::os::raw::c_char = std::ptr::null_mut();
            if (x.XFetchName)(d, w, &mut name) != 0 && !name.is_null() {
                title = Some(CStr::from_ptr(name).to_string_lossy().into_owned());
                (x.XFree)(name.cast());
                break;
            }
            let (mut r, mut parent) = (0, 0);
            let mut children: *mut Window = std::ptr::null_mut();
            let mut n = 0u32;
            if (x.XQueryTree)(d, w, &mut r, &mut parent, &mut children, &mut n) == 0 {
                break;
            }
            if !children.is_null() {
                (x.XFree)(children.cast());
            }
            w = parent;
        }
        (x.XCloseDisplay)(d);
        title
    }
}
