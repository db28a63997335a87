//! Sums over a mask (`ir::Stmt::MaskedSum`): the host routines that generated code calls
//! for `np.sum(f(a[mask]))`. NumPy sums the compacted array, whose length is the number of
//! true elements, so its pairwise pieces depend on that count: the selected elements are
//! gathered in C order, then summed by `pairwise::walk` exactly as a contiguous array of
//! that length. Adding zeros in place of the unselected elements would change the pieces,
//! and with them the bits. Knows nothing of Cranelift or the IR.

use super::pairwise::walk::{arrayc_pairwise_f32, arrayc_pairwise_f64};

/// The elements of `values[..n]` whose byte in `mask[..n]` is non-zero, in order.
///
/// # Safety
/// `values` and `mask` point at `n` readable elements each (or `n` is 0).
unsafe fn compacted<T: Copy>(values: *mut T, mask: *mut u8, n: i64) -> Vec<T> {
    let n = usize::try_from(n).unwrap_or(0);
    if n == 0 {
        return Vec::new();
    }
    // SAFETY: the caller passes two whole buffers of `n` elements (the verifier checked
    // that they have the same length).
    let (values, mask) = unsafe {
        (
            std::slice::from_raw_parts(values, n),
            std::slice::from_raw_parts(mask, n),
        )
    };
    values
        .iter()
        .zip(mask)
        .filter(|(_, &selected)| selected != 0)
        .map(|(&value, _)| value)
        .collect()
}

/// NumPy's `np.sum` of the float64 elements of `values[..n]` selected by `mask[..n]`.
///
/// # Safety
/// As `compacted`.
pub unsafe extern "C" fn arrayc_masked_sum_f64(values: *mut f64, mask: *mut u8, n: i64) -> f64 {
    // SAFETY: as the caller promises.
    let mut selected = unsafe { compacted(values, mask, n) };
    // SAFETY: `selected` holds its own length of elements. NumPy's reduction starts from
    // 0 and adds the pairwise sum of the whole contiguous array, as `pairwise` does.
    0.0 + unsafe { arrayc_pairwise_f64(selected.as_mut_ptr(), selected.len() as i64) }
}

/// The float32 form of `arrayc_masked_sum_f64`, summed in float32 as NumPy does.
///
/// # Safety
/// As `compacted`.
pub unsafe extern "C" fn arrayc_masked_sum_f32(values: *mut f32, mask: *mut u8, n: i64) -> f32 {
    // SAFETY: as the caller promises.
    let mut selected = unsafe { compacted(values, mask, n) };
    // SAFETY: `selected` holds its own length of elements; from 0, as above.
    0.0 + unsafe { arrayc_pairwise_f32(selected.as_mut_ptr(), selected.len() as i64) }
}
