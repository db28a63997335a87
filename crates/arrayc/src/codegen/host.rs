//! The host ISA's settings builder: takes nothing, produces Cranelift's `isa::Builder` for
//! this machine with the CPU features Cranelift may use enabled — exactly the ones
//! `cranelift_native::builder` enables (a test compares them). Knows nothing of the IR.
//!
//! Why not `cranelift_native::builder` itself: it asks the standard library, whose first
//! feature query runs `CPUID` seven or more times, and in a virtual machine each `CPUID` is
//! a VM exit (≈ 4 µs here), ≈ 30 µs of a fresh process's first compile. With glibc on
//! x86-64 the same bits are already in memory: the dynamic loader ran those `CPUID`s at
//! process start and `__x86_get_cpuid_feature_leaf` (glibc ≥ 2.33) hands out its copy of the
//! raw registers. The feature rules below are the standard library's (`std_detect`), so the
//! flags, and therefore the code, are the same either way.

use cranelift_codegen::isa;

/// The CPU features `builder` enables, by their Cranelift names in a fixed order, when
/// glibc's record answers (`None` otherwise). With the build of this library they decide
/// the ISA's flags, so they identify the code Cranelift may make for this CPU without
/// building an ISA (which costs tens of microseconds in a fresh process).
pub fn enabled_features() -> Option<Vec<&'static str>> {
    #[cfg(all(target_arch = "x86_64", target_os = "linux", target_env = "gnu"))]
    return glibc::features();
    #[cfg(not(all(target_arch = "x86_64", target_os = "linux", target_env = "gnu")))]
    None
}

/// The host's ISA builder with its CPU features enabled.
pub fn builder() -> Result<isa::Builder, String> {
    #[cfg(all(target_arch = "x86_64", target_os = "linux", target_env = "gnu"))]
    if let Some(features) = glibc::features() {
        use cranelift_codegen::settings::Configurable;
        let mut builder = isa::lookup(target_lexicon::Triple::host())
            .map_err(|e| format!("host not supported: {e}"))?;
        for name in features {
            builder
                .enable(name)
                .map_err(|e| format!("cranelift flag {name}: {e}"))?;
        }
        return Ok(builder);
    }
    cranelift_native::builder().map_err(|e| format!("host not supported: {e}"))
}

#[cfg(all(target_arch = "x86_64", target_os = "linux", target_env = "gnu"))]
mod glibc {
    /// glibc's record of one `CPUID` leaf (`struct cpuid_feature` in `<sys/platform/x86.h>`):
    /// the raw registers and glibc's own "usable" bits, which are not used here.
    #[repr(C)]
    struct CpuidFeature {
        registers: [u32; 4],
        active: [u32; 4],
    }

    // SAFETY: glibc ≥ 2.33 exports this function; it only reads glibc's static table and
    // returns a pointer into it (to an all-zero record for an index it does not know).
    unsafe extern "C" {
        fn __x86_get_cpuid_feature_leaf(index: u32) -> *const CpuidFeature;
    }

    // glibc's indices of the leaves it records (`CPUID_INDEX_*`).
    const LEAF_1: u32 = 0;
    const LEAF_7: u32 = 1;
    const LEAF_8000_0001: u32 = 2;
    const LEAF_7_SUBLEAF_1: u32 = 6;
    const EAX: usize = 0;
    const EBX: usize = 1;
    const ECX: usize = 2;
    const EDX: usize = 3;

    fn leaf(index: u32) -> [u32; 4] {
        // SAFETY: see the declaration; the record lives as long as the process.
        unsafe { (*__x86_get_cpuid_feature_leaf(index)).registers }
    }

    fn bit(register: u32, bit: u32) -> bool {
        register & (1 << bit) != 0
    }

    /// The Cranelift flags to enable, by `std_detect`'s rules for the features that
    /// `cranelift_native` asks about; `None` when glibc's record cannot answer (no extended
    /// leaf recorded, which glibc skips for CPU vendors it does not know), or the CPU lacks
    /// SSE2 (`cranelift_native` then gives the error).
    pub fn features() -> Option<Vec<&'static str>> {
        let leaf_1 = leaf(LEAF_1);
        let leaf_7 = leaf(LEAF_7);
        let leaf_7_1 = leaf(LEAF_7_SUBLEAF_1);
        let extended = leaf(LEAF_8000_0001);
        // Every x86-64 CPU reports long mode (bit 29) in leaf 0x8000_0001.
        if !bit(extended[EDX], 29) || !bit(leaf_1[EDX], 26) {
            return None;
        }
        let (ecx_1, ebx_7, ecx_7) = (leaf_1[ECX], leaf_7[EBX], leaf_7[ECX]);
        let mut flags = Vec::new();
        let mut enable = |present: bool, name: &'static str| {
            if present {
                flags.push(name);
            }
            present
        };
        enable(bit(ecx_1, 13), "has_cmpxchg16b");
        enable(bit(ecx_1, 0), "has_sse3");
        enable(bit(ecx_1, 9), "has_ssse3");
        enable(bit(ecx_1, 19), "has_sse41");
        enable(bit(ecx_1, 20), "has_sse42");
        enable(bit(ecx_1, 23), "has_popcnt");
        enable(bit(extended[ECX], 5), "has_lzcnt");
        let mut avx = false;
        // AVX and AVX-512 need the OS to save their registers (`OSXSAVE`, then `XCR0`).
        if bit(ecx_1, 26) && bit(ecx_1, 27) {
            // SAFETY: `XGETBV` exists when the CPU has XSAVE and the OS enabled it (OSXSAVE).
            let xcr0 = unsafe { std::arch::x86_64::_xgetbv(0) };
            if xcr0 & 6 == 6 {
                let fma = enable(bit(ecx_1, 12), "has_fma");
                avx = enable(bit(ecx_1, 28), "has_avx");
                enable(bit(ebx_7, 5), "has_avx2");
                enable(bit(leaf_7_1[EAX], 4), "has_avx_vnni");
                // The standard library also requires F16C and FMA for AVX-512.
                let f16c = bit(ecx_1, 29);
                if xcr0 & 0xe0 == 0xe0 && f16c && fma {
                    enable(bit(ebx_7, 16), "has_avx512f");
                    enable(bit(ebx_7, 17), "has_avx512dq");
                    enable(bit(ebx_7, 31), "has_avx512vl");
                    enable(bit(ecx_7, 1), "has_avx512vbmi");
                    enable(bit(ecx_7, 11), "has_avx512vnni");
                    enable(bit(ecx_7, 12), "has_avx512bitalg");
                }
            }
        }
        // Some Intel chips without AVX report BMI they do not have (erratum SKL052); the
        // standard library drops BMI on Intel chips without AVX. Only then is the vendor
        // needed, which glibc does not hand out: ask the CPU.
        let intel_without_avx = !avx && {
            let vendor = std::arch::x86_64::__cpuid(0);
            (vendor.ebx, vendor.edx, vendor.ecx) == (0x756e_6547, 0x4965_6e69, 0x6c65_746e)
        };
        if !intel_without_avx {
            enable(bit(ebx_7, 3), "has_bmi1");
            enable(bit(ebx_7, 8), "has_bmi2");
        }
        Some(flags)
    }
}

#[cfg(test)]
mod tests {
    use cranelift_codegen::settings;

    fn flags(builder: cranelift_codegen::isa::Builder) -> Vec<String> {
        let isa = builder
            .finish(settings::Flags::new(settings::builder()))
            .expect("the host ISA builds");
        isa.isa_flags()
            .iter()
            .map(|flag| flag.to_string())
            .collect()
    }

    #[test]
    fn host_flags_are_cranelift_natives() {
        let ours = flags(super::builder().expect("the host is supported"));
        let native = flags(cranelift_native::builder().expect("the host is supported"));
        assert_eq!(ours, native);
        // The comparison covers the detected features, not just the defaults.
        assert!(ours.iter().any(|flag| flag == "has_sse42=1"), "{ours:?}");
    }
}
