/*
 * Vector-width-generic types for the weightinit kernels. WI_BLOCKS_PER_ITEM (1 or 16) is the number of Philox
 * blocks one work-item computes: 16-wide explicit vectors are what CPU OpenCL compilers (PoCL)
 * vectorise dependably; 1 block per work-item gives coalesced stores on GPUs.
 */
#pragma OPENCL FP_CONTRACT OFF

#ifndef WI_BLOCKS_PER_ITEM
#error "WI_BLOCKS_PER_ITEM (blocks per work-item: 1 or 16) must be defined"
#endif

#if WI_BLOCKS_PER_ITEM == 1
typedef uint vuint;
typedef int vint;
typedef float vfloat;
typedef ulong vulong;
#define convert_vulong convert_ulong
#define convert_vuint convert_uint
#define convert_vfloat convert_float
#define convert_vint convert_int
#define as_vfloat as_float
#define as_vuint as_uint
#define WI_LANE_IOTA ((vuint) 0u)
#elif WI_BLOCKS_PER_ITEM == 16
typedef uint16 vuint;
typedef int16 vint;
typedef float16 vfloat;
typedef ulong16 vulong;
#define convert_vulong convert_ulong16
#define convert_vuint convert_uint16
#define convert_vfloat convert_float16
#define convert_vint convert_int16
#define as_vfloat as_float16
#define as_vuint as_uint16
#define WI_LANE_IOTA ((vuint) (0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 11u, 12u, 13u, 14u, 15u))
#else
#error "WI_BLOCKS_PER_ITEM must be 1 or 16"
#endif
