// libjpeg-turbo's libjpeg API (Debian: libjpeg62-turbo-dev, via libjpeg-dev), used to read JPEG images
// (LatentData's image folders).
//
// libjpeg's default error_exit prints and calls exit(). The functions below replace the error manager
// with one that formats the message and longjmps back into the same C function, so a damaged file
// becomes a return code and a sentence, never the end of the process, and no Swift frame is ever jumped
// over. They are `noinline`: a function that calls setjmp must not be inlined into its (Swift) caller.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <jerror.h>

/// What a JPEG's frame header says.
typedef struct {
    unsigned int width, height;
    /// Components in the file (1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK).
    int components;
    /// libjpeg's J_COLOR_SPACE of the file.
    int color_space;
    /// 3 when the decoded image is colour, 1 for gray.
    int channels;
    int progressive;
} latent_jpeg_header;

typedef struct { struct jpeg_error_mgr pub; jmp_buf jump; char *message; } latent_jpeg_failure;

static void latent_jpeg_error_exit(j_common_ptr c) {
    latent_jpeg_failure *f = (latent_jpeg_failure *)c->err;
    (*c->err->format_message)(c, f->message);
    longjmp(f->jump, 1);
}

/// Warnings that mean the compressed data are damaged or cut short end the decode like errors; others
/// (extraneous bytes before a marker, unknown APP markers) are only counted.
static void latent_jpeg_emit(j_common_ptr c, int level) {
    if (level >= 0) return;
    int code = c->err->msg_code;
    if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_HUFF_BAD_CODE) latent_jpeg_error_exit(c);
    c->err->num_warnings++;
}

static void latent_jpeg_silent(j_common_ptr c) { (void)c; }

/// Reads the header of the JPEG in `data` into `header`, and unless `header_only`, decodes it into
/// `out` as 8-bit gray (header->channels == 1) or RGB (3), rows top to bottom. YCbCr is converted by
/// libjpeg; CMYK and YCCK are read as Adobe (Photoshop) writes them, inverted (when the file has
/// Adobe's marker), and converted with R = C*K/255 (likewise G, B). `out` must hold width * height * channels bytes (`out_size`); the
/// caller checks the header first. Returns 0, or 1 with libjpeg's sentence in `message`
/// (JMSG_LENGTH_MAX = 200 bytes).
static inline __attribute__((noinline)) int latent_jpeg_read_image(const unsigned char *data, unsigned long size, int header_only,
                                                                   unsigned char *out, size_t out_size,
                                                                   latent_jpeg_header *header, char *message) {
    message[0] = 0;
    struct jpeg_decompress_struct *cinfo = (struct jpeg_decompress_struct *)calloc(1, sizeof(struct jpeg_decompress_struct));
    latent_jpeg_failure *failure = (latent_jpeg_failure *)calloc(1, sizeof(latent_jpeg_failure));
    if (!cinfo || !failure) { free(cinfo); free(failure); strcpy(message, "out of memory"); return 1; }
    cinfo->err = jpeg_std_error(&failure->pub);
    failure->pub.error_exit = latent_jpeg_error_exit;
    failure->pub.emit_message = latent_jpeg_emit;
    failure->pub.output_message = latent_jpeg_silent;
    failure->message = message;
    if (setjmp(failure->jump)) {
        jpeg_destroy_decompress(cinfo);
        free(cinfo); free(failure);
        return 1;
    }
    jpeg_create_decompress(cinfo);
    jpeg_mem_src(cinfo, data, size);
    jpeg_read_header(cinfo, TRUE);
    header->width = cinfo->image_width;
    header->height = cinfo->image_height;
    header->components = cinfo->num_components;
    header->color_space = cinfo->jpeg_color_space;
    header->progressive = cinfo->progressive_mode;
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE: header->channels = 1; cinfo->out_color_space = JCS_GRAYSCALE; break;
    case JCS_YCbCr: case JCS_RGB: header->channels = 3; cinfo->out_color_space = JCS_RGB; break;
    case JCS_CMYK: case JCS_YCCK: header->channels = 3; cinfo->out_color_space = JCS_CMYK; break;
    default:
        snprintf(message, JMSG_LENGTH_MAX, "has an unsupported colour space (%d components)", cinfo->num_components);
        jpeg_destroy_decompress(cinfo);
        free(cinfo); free(failure);
        return 1;
    }
    if (!header_only) {
        // bound libjpeg's own buffers (a progressive image keeps all its coefficients, 2 bytes each):
        // four times the decoded size covers every legitimate layout
        cinfo->mem->max_memory_to_use = (long)(out_size < (size_t)1 << 40 ? 4 * out_size : (size_t)1 << 42) + (64L << 20);
        jpeg_start_decompress(cinfo);
        size_t width = cinfo->output_width, channels = (size_t)header->channels;
        int cmyk = cinfo->out_color_space == JCS_CMYK;
        if (cinfo->output_width != header->width || cinfo->output_height != header->height
            || cinfo->output_components != (cmyk ? 4 : header->channels)
            || (size_t)cinfo->output_height > out_size / (width * channels ? width * channels : 1)) {
            strcpy(message, "decodes to an unexpected pixel layout");
            jpeg_destroy_decompress(cinfo);
            free(cinfo); free(failure);
            return 1;
        }
        JSAMPARRAY scratch = cmyk ? (*cinfo->mem->alloc_sarray)((j_common_ptr)cinfo, JPOOL_IMAGE, (JDIMENSION)(width * 4), 1) : NULL;
        while (cinfo->output_scanline < cinfo->output_height) {
            unsigned char *row = out + (size_t)cinfo->output_scanline * width * channels;
            if (!cmyk) {
                JSAMPROW rows[1] = { row };
                jpeg_read_scanlines(cinfo, rows, 1);
            } else {
                jpeg_read_scanlines(cinfo, scratch, 1);
                const unsigned char *p = scratch[0];
                // Adobe's CMYK is stored inverted (255 = no ink); without its marker, 255 = full ink
                unsigned flip = cinfo->saw_Adobe_marker ? 0 : 255;
                for (size_t x = 0; x < width; x++) {
                    unsigned k = p[4 * x + 3] ^ flip;
                    row[3 * x] = (unsigned char)(((p[4 * x] ^ flip) * k + 127) / 255);
                    row[3 * x + 1] = (unsigned char)(((p[4 * x + 1] ^ flip) * k + 127) / 255);
                    row[3 * x + 2] = (unsigned char)(((p[4 * x + 2] ^ flip) * k + 127) / 255);
                }
            }
        }
        // the whole image is read; what follows the last scanline (EOI) is not needed
    }
    jpeg_destroy_decompress(cinfo);
    free(cinfo); free(failure);
    return 0;
}

/// Encodes a JPEG (used by tests to make image folders) from `components` = 1 (gray), 3 (RGB) or 4
/// (CMYK, stored as given with an Adobe marker) interleaved 8-bit pixels, at `quality` (1-100), without
/// chroma subsampling. On success `*out` is a malloc'd buffer of `*out_size` bytes (free it with
/// free()). Returns 0, or 1 with libjpeg's sentence in `message` (200 bytes).
static inline __attribute__((noinline)) int latent_jpeg_encode(const unsigned char *pixels, unsigned int width, unsigned int height,
                                                               int components, int quality, int progressive,
                                                               unsigned char **out, unsigned long *out_size, char *message) {
    message[0] = 0;
    *out = NULL;
    *out_size = 0;
    struct jpeg_compress_struct *cinfo = (struct jpeg_compress_struct *)calloc(1, sizeof(struct jpeg_compress_struct));
    latent_jpeg_failure *failure = (latent_jpeg_failure *)calloc(1, sizeof(latent_jpeg_failure));
    unsigned char **buffer = (unsigned char **)calloc(1, sizeof(unsigned char *));
    unsigned long *length = (unsigned long *)calloc(1, sizeof(unsigned long));
    if (!cinfo || !failure || !buffer || !length) {
        free(cinfo); free(failure); free(buffer); free(length);
        strcpy(message, "out of memory");
        return 1;
    }
    cinfo->err = jpeg_std_error(&failure->pub);
    failure->pub.error_exit = latent_jpeg_error_exit;
    failure->pub.output_message = latent_jpeg_silent;
    failure->message = message;
    if (setjmp(failure->jump)) {
        jpeg_destroy_compress(cinfo);
        free(*buffer);
        free(cinfo); free(failure); free(buffer); free(length);
        return 1;
    }
    jpeg_create_compress(cinfo);
    jpeg_mem_dest(cinfo, buffer, length);
    cinfo->image_width = width;
    cinfo->image_height = height;
    cinfo->input_components = components;
    cinfo->in_color_space = components == 1 ? JCS_GRAYSCALE : components == 4 ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(cinfo);
    jpeg_set_quality(cinfo, quality, TRUE);
    for (int i = 0; i < cinfo->num_components; i++) {
        cinfo->comp_info[i].h_samp_factor = 1;
        cinfo->comp_info[i].v_samp_factor = 1;
    }
    if (progressive) jpeg_simple_progression(cinfo);
    jpeg_start_compress(cinfo, TRUE);
    while (cinfo->next_scanline < cinfo->image_height) {
        JSAMPROW rows[1] = { (JSAMPROW)(pixels + (size_t)cinfo->next_scanline * width * (size_t)components) };
        jpeg_write_scanlines(cinfo, rows, 1);
    }
    jpeg_finish_compress(cinfo);
    jpeg_destroy_compress(cinfo);
    *out = *buffer;
    *out_size = *length;
    free(cinfo); free(failure); free(buffer); free(length);
    return 0;
}
