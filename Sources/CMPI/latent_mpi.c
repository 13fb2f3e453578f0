// See include/latent_mpi.h. Open MPI's handles are pointers to exported globals:
// MPI_COMM_WORLD = &ompi_mpi_comm_world, MPI_FLOAT = &ompi_mpi_float, MPI_SUM = &ompi_mpi_op_sum,
// and MPI_IN_PLACE = (void *)1 (mpi.h of Open MPI 4 and 5).
#include "latent_mpi.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

typedef void *handle;

static int (*mpi_init)(int *, char ***);
static int (*mpi_finalize)(void);
static int (*mpi_comm_rank)(handle, int *);
static int (*mpi_comm_size)(handle, int *);
static int (*mpi_allreduce)(const void *, void *, int, handle, handle, handle);
static int (*mpi_gatherv)(const void *, int, handle, void *, const int *, const int *, handle, int, handle);
static int (*mpi_barrier)(handle);
static int (*mpi_abort)(handle, int);
static handle comm_world, type_float, type_double, op_sum, op_max;

#define MPI_IN_PLACE_VALUE ((void *)1)

static int resolve(void *library, const char *name, void **slot, char *error, size_t capacity) {
    *slot = dlsym(library, name);
    if (*slot == NULL) {
        snprintf(error, capacity, "the MPI library has no symbol %s (latent needs Open MPI 4 or later)", name);
        return -1;
    }
    return 0;
}

int latent_mpi_load(char *error, size_t capacity) {
    const char *path = getenv("LATENT_MPI_LIBRARY");
    if (path == NULL || path[0] == '\0') path = "libmpi.so.40";
    // RTLD_GLOBAL: Open MPI's plugins resolve libmpi's symbols from the global namespace.
    void *library = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    if (library == NULL) {
        snprintf(error, capacity, "cannot load %s (%s); install Open MPI (apt-get install openmpi-bin)", path, dlerror());
        return -1;
    }
    struct { const char *name; void **slot; } symbols[] = {
        {"MPI_Init", (void **)&mpi_init}, {"MPI_Finalize", (void **)&mpi_finalize},
        {"MPI_Comm_rank", (void **)&mpi_comm_rank}, {"MPI_Comm_size", (void **)&mpi_comm_size},
        {"MPI_Allreduce", (void **)&mpi_allreduce}, {"MPI_Gatherv", (void **)&mpi_gatherv},
        {"MPI_Barrier", (void **)&mpi_barrier}, {"MPI_Abort", (void **)&mpi_abort},
        {"ompi_mpi_comm_world", &comm_world}, {"ompi_mpi_float", &type_float},
        {"ompi_mpi_double", &type_double}, {"ompi_mpi_op_sum", &op_sum}, {"ompi_mpi_op_max", &op_max},
    };
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        if (resolve(library, symbols[i].name, symbols[i].slot, error, capacity) != 0) return -1;
    }
    return 0;
}

int latent_mpi_init(void) { return mpi_init(NULL, NULL); }
int latent_mpi_finalize(void) { return mpi_finalize(); }
int latent_mpi_rank(int *rank) { return mpi_comm_rank(comm_world, rank); }
int latent_mpi_size(int *size) { return mpi_comm_size(comm_world, size); }

int latent_mpi_allreduce_sum_float(float *buffer, int count) {
    return mpi_allreduce(MPI_IN_PLACE_VALUE, buffer, count, type_float, op_sum, comm_world);
}

int latent_mpi_allreduce_sum_double(double *buffer, int count) {
    return mpi_allreduce(MPI_IN_PLACE_VALUE, buffer, count, type_double, op_sum, comm_world);
}

int latent_mpi_allreduce_max_double(double *buffer, int count) {
    return mpi_allreduce(MPI_IN_PLACE_VALUE, buffer, count, type_double, op_max, comm_world);
}

int latent_mpi_gatherv_float(const float *send, int sendCount, float *receive,
                             const int *counts, const int *displacements) {
    return mpi_gatherv(send, sendCount, type_float, receive, counts, displacements, type_float, 0, comm_world);
}

int latent_mpi_barrier(void) { return mpi_barrier(comm_world); }
int latent_mpi_abort(int code) { return mpi_abort(comm_world, code); }
