// A thin C shim over Open MPI, loaded at run time with dlopen so that latent builds and runs without MPI.
//
// Swift cannot import MPI's handle macros (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, MPI_IN_PLACE are
// addresses of library globals or casts). This shim resolves them once from libmpi.so.40 (Open MPI's
// ABI) and exposes plain functions on the world communicator. Every function returns MPI's error code
// (0 = MPI_SUCCESS) unless documented otherwise.
#ifndef LATENT_MPI_H
#define LATENT_MPI_H

#include <stddef.h>

/// Loads libmpi (path from $LATENT_MPI_LIBRARY, else libmpi.so.40) and resolves every symbol.
/// Returns 0 on success; otherwise writes a sentence into `error` (at most `capacity` bytes) and returns -1.
int latent_mpi_load(char *error, size_t capacity);

/// MPI_Init with no arguments. Call once, after latent_mpi_load.
int latent_mpi_init(void);
/// MPI_Finalize.
int latent_mpi_finalize(void);
/// This process's rank in MPI_COMM_WORLD.
int latent_mpi_rank(int *rank);
/// The number of processes in MPI_COMM_WORLD.
int latent_mpi_size(int *size);

/// In-place MPI_Allreduce with MPI_SUM over `count` floats.
int latent_mpi_allreduce_sum_float(float *buffer, int count);
/// In-place MPI_Allreduce with MPI_SUM over `count` doubles.
int latent_mpi_allreduce_sum_double(double *buffer, int count);
/// In-place MPI_Allreduce with MPI_MAX over `count` doubles.
int latent_mpi_allreduce_max_double(double *buffer, int count);
/// MPI_Gatherv of floats to rank 0: `counts` and `displacements` (per rank) matter on rank 0 only.
int latent_mpi_gatherv_float(const float *send, int sendCount, float *receive,
                             const int *counts, const int *displacements);
/// MPI_Barrier.
int latent_mpi_barrier(void);
/// MPI_Abort on the world communicator; does not return when MPI honours it.
int latent_mpi_abort(int code);

#endif
