/*
 * Advieswerk's WebKitGTK web-process extension: loaded by WebKit into the window's web process
 * (see src-tauri/src/webkit_extension.rs, which writes it where WebKit looks). It does two things
 * for the web process's memory and nothing else.
 *
 * 1. Form controls. WebKitGTK's 4.1 API tells its deprecated "form-controls-associated" signals
 *    about every form control the page puts in the document, and for that wraps each one in a DOM
 *    object that its cache keeps until the page navigates away. The app is one page that never
 *    navigates, so every form, input and select a screen ever drew stayed in memory. WebKit takes
 *    another path once a form manager exists for the page (one JavaScript value per control,
 *    released after the signal), so this asks for one when a page is made.
 *
 * 2. Memory given back once the page is quiet. WebKit frees its caches, its compiled JavaScript
 *    and the collector's garbage, and hands its allocator's free pages back, only under memory
 *    pressure: when the process nears a limit derived from the machine's memory (gigabytes on a
 *    desktop). Until then everything a screen ever used stays: after two minutes of use the web
 *    process held ~15 MB more at rest than with the release below (cargo bench --bench soak).
 *    So each time the page has worked and then been quiet for a while, this runs the same
 *    release WebKit runs under critical pressure. Quiet is measured as the process's own CPU
 *    time, so the release never lands while the user types or a screen draws; a page at rest is
 *    left alone after one release. ADVIESWERK_WEBKIT_KEEP_MEMORY=1 turns it off, to measure.
 *
 * The functions are looked up at run time, not linked: a WebKit older than 2.40 has no form
 * manager, and WebKit's memory-pressure handler is internal C++ whose mangled name carries its
 * parameters' types, so a WebKit that changed it no longer has the name and then only that part
 * does nothing (a test in src/webkit_extension.rs checks that the installed WebKit has it).
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void *(*get_form_manager_fn)(void *page, void *world);
typedef unsigned long (*signal_connect_fn)(void *instance, const char *signal, void (*handler)(void),
                                           void *data, void *destroy_data, int flags);
typedef unsigned (*timeout_add_seconds_fn)(unsigned interval, int (*function)(void *), void *data);
/* WTF::MemoryPressureHandler::singleton() and its member releaseMemory(Critical, Synchronous);
 * both enums are `enum class : bool`, passed as a bool after `this`. */
typedef void *(*pressure_handler_fn)(void);
typedef void (*release_memory_fn)(void *handler, bool critical, bool synchronous);

#define PRESSURE_HANDLER "_ZN3WTF21MemoryPressureHandler9singletonEv"
#define RELEASE_MEMORY \
    "_ZN3WTF21MemoryPressureHandler13releaseMemoryENS_8CriticalENS_11SynchronousE"

/* How often the page is looked at, in seconds: quiet for this long counts as a pause. */
#define LOOK_EVERY 2
/* At most this much CPU time in one look counts as quiet: a blinking caret and a timer or two. */
#define QUIET_CPU 0.04
/* At least this much CPU time in looks that were not quiet, since the last release, counts as work
 * worth releasing after: about what a screen change costs (the window's start costs ~0.25 s). */
#define WORK_CPU 0.1

static get_form_manager_fn get_form_manager;
static pressure_handler_fn pressure_handler;
static release_memory_fn release_memory;
static double cpu_at_last_look, work_since_release;

static void page_created(void *extension, void *page, void *data)
{
    (void)extension;
    (void)data;
    /* The manager belongs to the page; nobody listens to its signals. */
    get_form_manager(page, NULL);
}

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Runs on the web process's main loop, where WebKit expects its memory to be released. */
static int look(void *data)
{
    (void)data;
    double now = cpu_seconds();
    double used = now - cpu_at_last_look;
    /* Only looks that were not quiet count as work, so a caret blinking for an hour does not
     * add up to another release. */
    if (used >= QUIET_CPU) {
        work_since_release += used;
    } else if (work_since_release > WORK_CPU) {
        release_memory(pressure_handler(), true, true);
        /* The release's own work is not work to release after. */
        now = cpu_seconds();
        work_since_release = 0;
    }
    cpu_at_last_look = now;
    return 1; /* G_SOURCE_CONTINUE */
}

static void release_when_quiet(void)
{
    const char *keep = getenv("ADVIESWERK_WEBKIT_KEEP_MEMORY");
    if (keep && strcmp(keep, "1") == 0)
        return;
    pressure_handler = (pressure_handler_fn)dlsym(RTLD_DEFAULT, PRESSURE_HANDLER);
    release_memory = (release_memory_fn)dlsym(RTLD_DEFAULT, RELEASE_MEMORY);
    timeout_add_seconds_fn add =
        (timeout_add_seconds_fn)dlsym(RTLD_DEFAULT, "g_timeout_add_seconds");
    if (!pressure_handler || !release_memory || !add)
        return;
    /* cpu_at_last_look stays 0: the first look counts the process's start as work. */
    add(LOOK_EVERY, look, NULL);
}

__attribute__((visibility("default"))) void webkit_web_extension_initialize(void *extension)
{
    release_when_quiet();
    get_form_manager = (get_form_manager_fn)dlsym(RTLD_DEFAULT, "webkit_web_page_get_form_manager");
    signal_connect_fn connect = (signal_connect_fn)dlsym(RTLD_DEFAULT, "g_signal_connect_data");
    if (!get_form_manager || !connect)
        return;
    connect(extension, "page-created", (void (*)(void))page_created, NULL, NULL, 0);
}
