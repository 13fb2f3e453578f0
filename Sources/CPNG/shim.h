// libpng 1.6 (Debian: libpng-dev), used to read PNG images (LatentData's image folders).
//
// libpng reports errors through a callback that must not return. The functions below install one that
// copies the message and longjmps back into the same C function, so a damaged file becomes a return
// code and a sentence, never an abort, and no Swift frame is ever jumped over. They are `noinline`:
// a function that calls setjmp must not be inlined into its (Swift) caller.
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/// What a PNG's IHDR says.
typedef struct {
    unsigned int width, height;
    int color_type, bit_depth, interlaced;
    /// 3 when the decoded image is colour (RGB or palette types), 1 for gray and gray+alpha.
    int channels;
} latent_png_header;

typedef struct { const unsigned char *data; size_t size, pos; } latent_png_source;
typedef struct { jmp_buf jump; char *message; } latent_png_failure;
typedef struct { unsigned char *data; size_t size, capacity; } latent_png_sink;

enum { LATENT_PNG_MESSAGE = 200 };

static void latent_png_error(png_structp png, png_const_charp msg) {
    latent_png_failure *f = (latent_png_failure *)png_get_error_ptr(png);
    strncpy(f->message, msg ? msg : "unknown libpng error", LATENT_PNG_MESSAGE - 1);
    f->message[LATENT_PNG_MESSAGE - 1] = 0;
    longjmp(f->jump, 1);
}

static void latent_png_warning(png_structp png, png_const_charp msg) { (void)png; (void)msg; }

static void latent_png_read(png_structp png, png_bytep out, size_t n) {
    latent_png_source *s = (latent_png_source *)png_get_io_ptr(png);
    if (n > s->size - s->pos) png_error(png, "the file ends inside the image data (truncated)");
    memcpy(out, s->data + s->pos, n);
    s->pos += n;
}

/// Reads the header of the PNG in `data` into `header`, and unless `header_only`, decodes it into `out`
/// as 8-bit gray (header->channels == 1) or RGB (3), rows top to bottom: palettes expanded, 1/2/4-bit
/// gray widened, 16-bit channels scaled to 8 (v * 255 / 65535, rounded), alpha and tRNS dropped, no
/// gamma change (the stored values). `out` must hold width * height * channels bytes (`out_size`);
/// the caller checks the header first. Returns 0, or 1 with a sentence in `message` (200 bytes).
static inline __attribute__((noinline)) int latent_png_read_image(const unsigned char *data, size_t size, int header_only,
                                                                  unsigned char *out, size_t out_size,
                                                                  latent_png_header *header, char *message) {
    message[0] = 0;
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        strncpy(message, "does not start with the PNG signature", LATENT_PNG_MESSAGE - 1);
        return 1;
    }
    latent_png_failure *failure = (latent_png_failure *)malloc(sizeof(latent_png_failure));
    if (!failure) { strcpy(message, "out of memory"); return 1; }
    failure->message = message;
    latent_png_source source = { data, size, 0 };
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, failure, latent_png_error, latent_png_warning);
    if (!png) { free(failure); strcpy(message, "libpng could not be initialised"); return 1; }
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_read_struct(&png, NULL, NULL); free(failure); strcpy(message, "libpng could not be initialised"); return 1; }
    if (setjmp(failure->jump)) {
        png_destroy_read_struct(&png, &info, NULL);
        free(failure);
        return 1;
    }
    // the caller refuses sizes it cannot hold with its own sentence; libpng's default cap is 1e6
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_set_read_fn(png, &source, latent_png_read);
    png_read_info(png, info);
    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    header->width = width;
    header->height = height;
    header->bit_depth = bit_depth;
    header->color_type = color_type;
    header->interlaced = interlace != PNG_INTERLACE_NONE;
    header->channels = (color_type & PNG_COLOR_MASK_COLOR) ? 3 : 1;
    if (!header_only) {
        if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
        if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
        if (bit_depth == 16) png_set_scale_16(png);
        png_set_strip_alpha(png);
        int passes = png_set_interlace_handling(png);
        png_read_update_info(png, info);
        size_t rowbytes = png_get_rowbytes(png, info);
        if (png_get_channels(png, info) != header->channels || png_get_bit_depth(png, info) != 8
            || rowbytes != (size_t)width * (size_t)header->channels
            || (size_t)height > out_size / (rowbytes ? rowbytes : 1)) {
            png_error(png, "decodes to an unexpected pixel layout");
        }
        for (int pass = 0; pass < passes; pass++) {
            for (png_uint_32 y = 0; y < height; y++) png_read_row(png, out + (size_t)y * rowbytes, NULL);
        }
    }
    png_destroy_read_struct(&png, &info, NULL);
    free(failure);
    return 0;
}

static void latent_png_write(png_structp png, png_bytep in, size_t n) {
    latent_png_sink *s = (latent_png_sink *)png_get_io_ptr(png);
    if (n > s->capacity - s->size) {
        size_t capacity = s->capacity * 2 + n + 4096;
        unsigned char *grown = (unsigned char *)realloc(s->data, capacity);
        if (!grown) png_error(png, "out of memory");
        s->data = grown;
        s->capacity = capacity;
    }
    memcpy(s->data + s->size, in, n);
    s->size += n;
}

static void latent_png_flush(png_structp png) { (void)png; }

/// Encodes a PNG (used by tests to make image folders): `rows` holds `height` packed rows in the PNG's
/// own layout for `color_type` and `bit_depth` (16-bit samples big-endian, sub-byte pixels packed from
/// the high bit), `palette` holds `palette_count` RGB triples for palette images and `trans`
/// `trans_count` alpha values (tRNS), `interlace` selects Adam7. On success `*out` is a malloc'd buffer
/// of `*out_size` bytes (free it with free()). Returns 0, or 1 with a sentence in `message`.
static inline __attribute__((noinline)) int latent_png_encode(const unsigned char *rows, unsigned int width, unsigned int height,
                                                              int color_type, int bit_depth,
                                                              const unsigned char *palette, int palette_count,
                                                              const unsigned char *trans, int trans_count, int interlace,
                                                              unsigned char **out, size_t *out_size, char *message) {
    message[0] = 0;
    *out = NULL;
    *out_size = 0;
    latent_png_failure *failure = (latent_png_failure *)malloc(sizeof(latent_png_failure));
    latent_png_sink *sink = (latent_png_sink *)calloc(1, sizeof(latent_png_sink));
    if (!failure || !sink) { free(failure); free(sink); strcpy(message, "out of memory"); return 1; }
    failure->message = message;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, failure, latent_png_error, latent_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, NULL);
        free(failure); free(sink);
        strcpy(message, "libpng could not be initialised");
        return 1;
    }
    if (setjmp(failure->jump)) {
        png_destroy_write_struct(&png, &info);
        free(sink->data); free(sink); free(failure);
        return 1;
    }
    png_set_write_fn(png, sink, latent_png_write, latent_png_flush);
    png_set_IHDR(png, info, width, height, bit_depth, color_type,
                 interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (palette && palette_count > 0) {
        png_color colors[256];
        for (int i = 0; i < palette_count && i < 256; i++) {
            colors[i].red = palette[3 * i]; colors[i].green = palette[3 * i + 1]; colors[i].blue = palette[3 * i + 2];
        }
        png_set_PLTE(png, info, colors, palette_count < 256 ? palette_count : 256);
    }
    if (trans && trans_count > 0) png_set_tRNS(png, info, trans, trans_count, NULL);
    png_write_info(png, info);
    int passes = png_set_interlace_handling(png);
    size_t rowbytes = png_get_rowbytes(png, info);
    for (int pass = 0; pass < passes; pass++) {
        for (unsigned int y = 0; y < height; y++) png_write_row(png, rows + (size_t)y * rowbytes);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *out = sink->data;
    *out_size = sink->size;
    free(sink); free(failure);
    return 0;
}
