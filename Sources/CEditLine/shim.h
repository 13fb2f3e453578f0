// libedit (Debian: libedit-dev). Swift cannot call the variadic el_set/history, nor touch C globals
// under Swift 6 checking, so every such use goes through a static inline function declared here.
#include <stdio.h>
#include <stdlib.h>
#include <histedit.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/// Prompt callbacks return the prompt text; key callbacks return a CC_* code.
typedef char *(*latent_prompt_fn)(EditLine *);
typedef unsigned char (*latent_key_fn)(EditLine *, int);
typedef void (*latent_signal_fn)(int);

/// Reads one character from fd 0 for libedit. Unlike libedit's own reader it gives up at the first
/// EINTR, so a SIGINT at the prompt makes el_gets return NULL with count -1 (line cancelled).
static inline int latent_el_getc(EditLine *el, wchar_t *out) {
    (void)el;
    char buf[MB_LEN_MAX];
    size_t n = 0;
    for (;;) {
        ssize_t got = read(0, &buf[n], 1);
        if (got < 0) { *out = 0; return -1; }
        if (got == 0) { *out = 0; return 0; }
        n++;
        mbstate_t state;
        memset(&state, 0, sizeof state);
        size_t used = mbrtowc(out, buf, n, &state);
        if (used == (size_t)-2 && n < MB_LEN_MAX) continue;
        if (used == (size_t)-1 || used == (size_t)-2) *out = (unsigned char)buf[0];
        return 1;
    }
}

/// An editor on stdin/stdout/stderr in emacs mode, without libedit's own signal handling,
/// reading through latent_el_getc; reads ~/.editrc for user key bindings.
static inline EditLine *latent_el_open(const char *program) {
    EditLine *el = el_init(program, stdin, stdout, stderr);
    if (el == NULL) return NULL;
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 0);
    el_set(el, EL_GETCFN, latent_el_getc);
    el_source(el, NULL);
    return el;
}

/// Sets the function libedit calls for the prompt text.
static inline void latent_el_set_prompt(EditLine *el, latent_prompt_fn fn) { el_set(el, EL_PROMPT, fn); }

/// Stores an opaque pointer for callbacks (the Swift line editor).
static inline void latent_el_set_clientdata(EditLine *el, void *data) { el_set(el, EL_CLIENTDATA, data); }

/// The pointer stored with latent_el_set_clientdata.
static inline void *latent_el_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

/// Binds the tab key to `fn` (named latent-complete).
static inline void latent_el_bind_tab(EditLine *el, latent_key_fn fn) {
    el_set(el, EL_ADDFN, "latent-complete", "complete a command, option or variable", fn);
    el_set(el, EL_BIND, "^I", "latent-complete", NULL);
}

/// A history list keeping at most `size` entries, without consecutive duplicates.
static inline History *latent_history_open(int size) {
    History *h = history_init();
    if (h == NULL) return NULL;
    HistEvent ev;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}

/// Lets the editor browse `h` with the arrow keys.
static inline void latent_el_set_history(EditLine *el, History *h) { el_set(el, EL_HIST, history, h); }

/// Appends a line to the history.
static inline int latent_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}

/// Loads history from a file (returns -1 when it cannot be read).
static inline int latent_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}

/// The history as the bytes H_SAVE would write, in a malloc'd buffer the caller frees (-1 on failure),
/// so the caller can write the file atomically. (libedit fchmods the stream, so it must be a real file.)
static inline int latent_history_bytes(History *h, char **bytes, size_t *count) {
    HistEvent ev;
    *bytes = NULL;
    *count = 0;
    FILE *f = tmpfile();
    if (f == NULL) return -1;
    int n = history(h, &ev, H_SAVE_FP, f);
    long size = (n >= 0 && fflush(f) == 0) ? ftell(f) : -1;
    if (size >= 0 && fseek(f, 0, SEEK_SET) == 0 && (*bytes = malloc((size_t)size + 1)) != NULL) {
        *count = fread(*bytes, 1, (size_t)size, f);
        if (*count != (size_t)size) n = -1;
    } else {
        n = -1;
    }
    fclose(f);
    return n;
}

/// Installs `fn` for SIGINT. With restart == 0, blocking reads fail with EINTR (used at the prompt);
/// with restart != 0 interrupted system calls resume (used while commands run).
static inline int latent_install_sigint(latent_signal_fn fn, int restart) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = fn;
    sigemptyset(&action.sa_mask);
    action.sa_flags = restart ? SA_RESTART : 0;
    return sigaction(SIGINT, &action, NULL);
}

/// Writes bytes to stdout with write(2) (no stdio buffering), retrying on EINTR.
static inline void latent_write_stdout(const char *text, size_t length) {
    while (length > 0) {
        ssize_t n = write(1, text, length);
        if (n < 0) { if (errno == EINTR) continue; return; }
        text += n;
        length -= (size_t)n;
    }
}
