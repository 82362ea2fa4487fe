// The soft-float entry points clang calls under -mgeneral-regs-only (the names and the meaning of
// the comparison results are those of the compiler runtime ABI). The host's libgcc/compiler-rt
// builds pass floats in SSE registers, so they cannot be linked into a kernel; these, compiled
// with the kernel's own flags, pass them in general registers like their callers.
#include "soft_float.h"

// Host tests include this file with KBUILD_RT_NAME defined to rename the symbols, so they do not
// collide with the host's own compiler runtime.
#ifndef KBUILD_RT_NAME
#define KBUILD_RT_NAME(name) name
#endif

namespace {

using kbuild::soft::F32;
using kbuild::soft::F64;
namespace soft = kbuild::soft;

// Reinterpreting through __builtin_bit_cast is a register move, never float arithmetic.
uint32_t bits(float x) { return __builtin_bit_cast(uint32_t, x); }
uint64_t bits(double x) { return __builtin_bit_cast(uint64_t, x); }
float f32(uint32_t x) { return __builtin_bit_cast(float, x); }
double f64(uint64_t x) { return __builtin_bit_cast(double, x); }

// __eq/__ne/__lt/__le return <= 0 for "true-ish" and 1 when unordered; __ge/__gt return -1.
int cmp_or(int c, int unordered) { return c == 2 ? unordered : c; }

}  // namespace

extern "C" {

float KBUILD_RT_NAME(__addsf3)(float a, float b) { return f32(soft::add<F32>(bits(a), bits(b))); }
float KBUILD_RT_NAME(__subsf3)(float a, float b) { return f32(soft::sub<F32>(bits(a), bits(b))); }
float KBUILD_RT_NAME(__mulsf3)(float a, float b) { return f32(soft::mul<F32>(bits(a), bits(b))); }
float KBUILD_RT_NAME(__divsf3)(float a, float b) { return f32(soft::div<F32>(bits(a), bits(b))); }
float KBUILD_RT_NAME(__negsf2)(float a) { return f32(soft::neg<F32>(bits(a))); }
double KBUILD_RT_NAME(__adddf3)(double a, double b) { return f64(soft::add<F64>(bits(a), bits(b))); }
double KBUILD_RT_NAME(__subdf3)(double a, double b) { return f64(soft::sub<F64>(bits(a), bits(b))); }
double KBUILD_RT_NAME(__muldf3)(double a, double b) { return f64(soft::mul<F64>(bits(a), bits(b))); }
double KBUILD_RT_NAME(__divdf3)(double a, double b) { return f64(soft::div<F64>(bits(a), bits(b))); }
double KBUILD_RT_NAME(__negdf2)(double a) { return f64(soft::neg<F64>(bits(a))); }

int KBUILD_RT_NAME(__eqsf2)(float a, float b) { return cmp_or(soft::compare<F32>(bits(a), bits(b)), 1); }
int KBUILD_RT_NAME(__nesf2)(float a, float b) { return cmp_or(soft::compare<F32>(bits(a), bits(b)), 1); }
int KBUILD_RT_NAME(__ltsf2)(float a, float b) { return cmp_or(soft::compare<F32>(bits(a), bits(b)), 1); }
int KBUILD_RT_NAME(__lesf2)(float a, float b) { return cmp_or(soft::compare<F32>(bits(a), bits(b)), 1); }
int KBUILD_RT_NAME(__cmpsf2)(float a, float b) { return cmp_or(soft::compare<F32>(bits(a), bits(b)), 1); }
int KBUILD_RT_NAME(__gtsf2)(float a, float b) { return cmp_or(soft::compare<F32>(bits(a), bits(b)), -1); }
int KBUILD_RT_NAME(__gesf2)(float a, float b) { return cmp_or(soft::compare<F32>(bits(a), bits(b)), -1); }
int KBUILD_RT_NAME(__unordsf2)(float a, float b) { return soft::compare<F32>(bits(a), bits(b)) == 2; }
int KBUILD_RT_NAME(__eqdf2)(double a, double b) { return cmp_or(soft::compare<F64>(bits(a), bits(b)), 1); }
int KBUILD_RT_NAME(__nedf2)(double a, double b) { return cmp_or(soft::compare<F64>(bits(a), bits(b)), 1); }
int KBUILD_RT_NAME(__ltdf2)(double a, double b) { return cmp_or(soft::compare<F64>(bits(a), bits(b)), 1); }
int KBUILD_RT_NAME(__ledf2)(double a, double b) { return cmp_or(soft::compare<F64>(bits(a), bits(b)), 1); }
int KBUILD_RT_NAME(__cmpdf2)(double a, double b) { return cmp_or(soft::compare<F64>(bits(a), bits(b)), 1); }
int KBUILD_RT_NAME(__gtdf2)(double a, double b) { return cmp_or(soft::compare<F64>(bits(a), bits(b)), -1); }
int KBUILD_RT_NAME(__gedf2)(double a, double b) { return cmp_or(soft::compare<F64>(bits(a), bits(b)), -1); }
int KBUILD_RT_NAME(__unorddf2)(double a, double b) { return soft::compare<F64>(bits(a), bits(b)) == 2; }

double KBUILD_RT_NAME(__extendsfdf2)(float a) { return f64(soft::convert<F32, F64>(bits(a))); }
float KBUILD_RT_NAME(__truncdfsf2)(double a) { return f32(soft::convert<F64, F32>(bits(a))); }

// Integer -> float. "si" = int, "di" = long, "ti" = __int128; "un" = unsigned.
float KBUILD_RT_NAME(__floatsisf)(int x) { return f32(soft::from_int<F32>(x)); }
float KBUILD_RT_NAME(__floatunsisf)(unsigned x) { return f32(soft::from_int<F32>(x)); }
float KBUILD_RT_NAME(__floatdisf)(long x) { return f32(soft::from_int<F32>(x)); }
float KBUILD_RT_NAME(__floatundisf)(unsigned long x) { return f32(soft::from_int<F32>(x)); }
float KBUILD_RT_NAME(__floattisf)(__int128 x) { return f32(soft::from_int<F32>(x)); }
float KBUILD_RT_NAME(__floatuntisf)(unsigned __int128 x) { return f32(soft::from_int<F32>(x)); }
double KBUILD_RT_NAME(__floatsidf)(int x) { return f64(soft::from_int<F64>(x)); }
double KBUILD_RT_NAME(__floatunsidf)(unsigned x) { return f64(soft::from_int<F64>(x)); }
double KBUILD_RT_NAME(__floatdidf)(long x) { return f64(soft::from_int<F64>(x)); }
double KBUILD_RT_NAME(__floatundidf)(unsigned long x) { return f64(soft::from_int<F64>(x)); }
double KBUILD_RT_NAME(__floattidf)(__int128 x) { return f64(soft::from_int<F64>(x)); }
double KBUILD_RT_NAME(__floatuntidf)(unsigned __int128 x) { return f64(soft::from_int<F64>(x)); }

// Float -> integer, truncating.
int KBUILD_RT_NAME(__fixsfsi)(float a) { return soft::to_int<F32, int>(bits(a)); }
unsigned KBUILD_RT_NAME(__fixunssfsi)(float a) { return soft::to_int<F32, unsigned>(bits(a)); }
long KBUILD_RT_NAME(__fixsfdi)(float a) { return soft::to_int<F32, long>(bits(a)); }
unsigned long KBUILD_RT_NAME(__fixunssfdi)(float a) { return soft::to_int<F32, unsigned long>(bits(a)); }
__int128 KBUILD_RT_NAME(__fixsfti)(float a) { return soft::to_int<F32, __int128>(bits(a)); }
unsigned __int128 KBUILD_RT_NAME(__fixunssfti)(float a) { return soft::to_int<F32, unsigned __int128>(bits(a)); }
int KBUILD_RT_NAME(__fixdfsi)(double a) { return soft::to_int<F64, int>(bits(a)); }
unsigned KBUILD_RT_NAME(__fixunsdfsi)(double a) { return soft::to_int<F64, unsigned>(bits(a)); }
long KBUILD_RT_NAME(__fixdfdi)(double a) { return soft::to_int<F64, long>(bits(a)); }
unsigned long KBUILD_RT_NAME(__fixunsdfdi)(double a) { return soft::to_int<F64, unsigned long>(bits(a)); }
__int128 KBUILD_RT_NAME(__fixdfti)(double a) { return soft::to_int<F64, __int128>(bits(a)); }
unsigned __int128 KBUILD_RT_NAME(__fixunsdfti)(double a) { return soft::to_int<F64, unsigned __int128>(bits(a)); }

// __builtin_powi: repeated squaring (rounds at each step, as compiler-rt's does).
float KBUILD_RT_NAME(__powisf2)(float a, int n) {
  uint32_t x = bits(a), r = 0x3f800000;  // 1.0f
  for (unsigned m = n < 0 ? 0u - unsigned(n) : unsigned(n); m; m >>= 1) {
    if (m & 1) r = soft::mul<F32>(r, x);
    x = soft::mul<F32>(x, x);
  }
  return f32(n < 0 ? soft::div<F32>(0x3f800000, r) : r);
}
double KBUILD_RT_NAME(__powidf2)(double a, int n) {
  uint64_t x = bits(a), r = 0x3ff0000000000000;  // 1.0
  for (unsigned m = n < 0 ? 0u - unsigned(n) : unsigned(n); m; m >>= 1) {
    if (m & 1) r = soft::mul<F64>(r, x);
    x = soft::mul<F64>(x, x);
  }
  return f64(n < 0 ? soft::div<F64>(0x3ff0000000000000, r) : r);
}

}  // extern "C"
