/*
 * Advieswerk's WebKitGTK web-process extension: loaded by WebKit into the window's web process
 * (see src-tauri/src/webkit_extension.rs, which writes it where WebKit looks).
 *
 * Why it exists: WebKitGTK's 4.1 API tells its deprecated "form-controls-associated" signals about
 * every form control the page puts in the document, and for that wraps each one in a DOM object
 * that its cache keeps until the page navigates away. The app is one page that never navigates,
 * so every form, input and select a screen ever drew stayed in memory. WebKit takes another path
 * once a form manager exists for the page (one JavaScript value per control, released after the
 * signal), so this asks for one when a page is made, and does nothing else.
 *
 * The functions are looked up at run time, not linked: a WebKit older than 2.40 has no form
 * manager, and then the extension does nothing.
 */
#include <dlfcn.h>
#include <stddef.h>

typedef void *(*get_form_manager_fn)(void *page, void *world);
typedef unsigned long (*signal_connect_fn)(void *instance, const char *signal, void (*handler)(void),
                                           void *data, void *destroy_data, int flags);

static get_form_manager_fn get_form_manager;

static void page_created(void *extension, void *page, void *data)
{
    (void)extension;
    (void)data;
    /* The manager belongs to the page; nobody listens to its signals. */
    get_form_manager(page, NULL);
}

__attribute__((visibility("default"))) void webkit_web_extension_initialize(void *extension)
{
    get_form_manager = (get_form_manager_fn)dlsym(RTLD_DEFAULT, "webkit_web_page_get_form_manager");
    signal_connect_fn connect = (signal_connect_fn)dlsym(RTLD_DEFAULT, "g_signal_connect_data");
    if (!get_form_manager || !connect)
        return;
    connect(extension, "page-created", (void (*)(void))page_created, NULL, NULL, 0);
}
