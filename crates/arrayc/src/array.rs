//! The arrays the library takes and gives back: a shape plus elements in C order, in one of
//! the four dtypes (`ArrayData`, owned; `DataView`, borrowed), and NumPy's `same_kind`
//! conversion between dtypes. Plain data: knows nothing of programs, the IR or code.

use crate::ir::DType;

/// `$body` with `$values` bound to the elements of `$data` (a value of one of the
/// four-dtype enums `$enum`: `ArrayData`, `DataView`, `ir::ConstData`, the runtime's
/// scratch), whatever their dtype: the one match for the operations that treat the four
/// dtypes alike. With `=> $target, $same`, `$same` is `$target`'s variant of the same
/// dtype, to rewrap the result.
macro_rules! with_elements {
    ($data:expr, $enum:ident, |$values:ident| $body:expr) => {
        match $data {
            $enum::F64($values) => $body,
            $enum::F32($values) => $body,
            $enum::I64($values) => $body,
            $enum::Bool($values) => $body,
        }
    };
    ($data:expr, $enum:ident => $target:ident, |$values:ident, $same:ident| $body:expr) => {
        match $data {
            $enum::F64($values) => {
                let $same = $target::F64;
                $body
            }
            $enum::F32($values) => {
                let $same = $target::F32;
                $body
            }
            $enum::I64($values) => {
                let $same = $target::I64;
                $body
            }
            $enum::Bool($values) => {
                let $same = $target::Bool;
                $body
            }
        }
    };
}
pub(crate) use with_elements;

/// The elements of an array, in C order, in its dtype. A bool is one byte, 0 or 1, as
/// NumPy stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum ArrayData {
    F64(Vec<f64>),
    F32(Vec<f32>),
    I64(Vec<i64>),
    Bool(Vec<bool>),
}

/// Borrowed elements of an array, in C order, in its dtype.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DataView<'a> {
    F64(&'a [f64]),
    F32(&'a [f32]),
    I64(&'a [i64]),
    Bool(&'a [bool]),
}

/// Elements of an array that a run may write (`Program::run_in_place`), in C order, in
/// its dtype.
#[derive(Debug, PartialEq)]
pub enum DataMut<'a> {
    F64(&'a mut [f64]),
    F32(&'a mut [f32]),
    I64(&'a mut [i64]),
    Bool(&'a mut [bool]),
}

impl DataMut<'_> {
    pub fn view(&self) -> DataView<'_> {
        with_elements!(self, DataMut => DataView, |values, same| same(values))
    }

    pub(crate) fn as_mut_ptr(&mut self) -> *mut u8 {
        with_elements!(self, DataMut, |values| values.as_mut_ptr().cast())
    }
}

impl ArrayData {
    pub fn dtype(&self) -> DType {
        self.view().dtype()
    }

    pub fn len(&self) -> usize {
        self.view().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn view(&self) -> DataView<'_> {
        with_elements!(self, ArrayData => DataView, |values, same| same(values))
    }

    /// The elements if the dtype is float64.
    pub fn as_f64(&self) -> Option<&[f64]> {
        self.view().as_f64()
    }

    /// The elements if the dtype is float32.
    pub fn as_f32(&self) -> Option<&[f32]> {
        self.view().as_f32()
    }

    /// The elements if the dtype is int64.
    pub fn as_i64(&self) -> Option<&[i64]> {
        self.view().as_i64()
    }

    /// The elements if the dtype is bool.
    pub fn as_bool(&self) -> Option<&[bool]> {
        self.view().as_bool()
    }

    /// Every element as a float64, as NumPy's `astype(float64)` (an int64 beyond 2^53
    /// rounds to the nearest float64).
    pub fn to_f64(&self) -> Vec<f64> {
        self.view().to_f64()
    }

    /// The elements in order, each as a float64 (as `to_f64`, without a vector): what code
    /// written for float64 arrays iterates.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        let view = self.view();
        (0..view.len()).map(move |index| view.get_f64(index).unwrap_or(f64::NAN))
    }
}

impl<'a> DataView<'a> {
    pub fn dtype(&self) -> DType {
        fn dtype_of<T: Element>(_: &[T]) -> DType {
            T::DTYPE
        }
        with_elements!(self, DataView, |values| dtype_of(values))
    }

    pub fn len(&self) -> usize {
        with_elements!(self, DataView, |values| values.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn as_f64(&self) -> Option<&'a [f64]> {
        f64::slice(*self)
    }

    pub fn as_f32(&self) -> Option<&'a [f32]> {
        f32::slice(*self)
    }

    pub fn as_i64(&self) -> Option<&'a [i64]> {
        i64::slice(*self)
    }

    pub fn as_bool(&self) -> Option<&'a [bool]> {
        bool::slice(*self)
    }

    /// The address of the first element (dangling but aligned when there are none): the
    /// memory the program reads when it is run with this view as an input of its dtype.
    pub fn as_ptr(&self) -> *const u8 {
        with_elements!(*self, DataView, |values| values.as_ptr().cast())
    }

    /// Element `index` as a float64 (NumPy's `astype(float64)`), `None` past the end.
    pub fn get_f64(&self, index: usize) -> Option<f64> {
        with_elements!(*self, DataView, |values| values
            .get(index)
            .map(|&v| v.to_f64()))
    }

    /// Every element as a float64, as NumPy's `astype(float64)`.
    pub fn to_f64(&self) -> Vec<f64> {
        self.cast()
    }

    /// Every element as a `U`, as NumPy's `astype` (with `unsafe` casting: callers check
    /// `same_kind` first where it matters).
    fn cast<U: Element>(&self) -> Vec<U> {
        with_elements!(*self, DataView, |values| values
            .iter()
            .map(|&v| U::from_element(v))
            .collect())
    }

    pub fn to_owned(&self) -> ArrayData {
        with_elements!(*self, DataView => ArrayData, |values, same| same(values.to_vec()))
    }

    /// The elements converted to `dtype` as NumPy's `astype` does, when NumPy's `same_kind`
    /// casting allows it (`can_cast`); the error names both dtypes otherwise. A view that
    /// already has the dtype is copied.
    pub fn cast_same_kind(&self, dtype: DType) -> Result<ArrayData, String> {
        if !can_cast_same_kind(self.dtype(), dtype) {
            return Err(format!(
                "{} data cannot be converted to {} (NumPy's `same_kind` casting refuses it)",
                self.dtype().numpy_name(),
                dtype.numpy_name()
            ));
        }
        fn cast_to<U: Element>(view: &DataView<'_>) -> ArrayData {
            U::owned(view.cast())
        }
        Ok(match dtype {
            DType::F64 => cast_to::<f64>(self),
            DType::F32 => cast_to::<f32>(self),
            DType::I64 => cast_to::<i64>(self),
            DType::Bool => cast_to::<bool>(self),
        })
    }
}

/// The element types of the four dtypes, for code written once over all of them (inside
/// `with_elements!`): their dtype, the conversions between them as NumPy's `astype` does
/// them, and their place in `ArrayData` and `DataView`.
pub trait Element: Copy + 'static {
    const DTYPE: DType;
    fn to_f64(self) -> f64;
    fn to_f32(self) -> f32;
    /// Toward zero, saturating (only `same_kind` casts, from integers and bools, reach it).
    fn to_i64(self) -> i64;
    fn to_bool(self) -> bool;
    /// `value` converted to this type, as `astype` does.
    fn from_element<T: Element>(value: T) -> Self;
    fn owned(values: Vec<Self>) -> ArrayData;
    fn view(values: &[Self]) -> DataView<'_>;
    /// The elements if `data` has this type's dtype.
    fn slice(data: DataView<'_>) -> Option<&[Self]>;
}

macro_rules! element {
    ($($t:ty => $variant:ident, $to:ident, |$v:ident| [$f64:expr, $f32:expr, $i64:expr, $bool:expr]);* $(;)?) => {$(
        impl Element for $t {
            const DTYPE: DType = DType::$variant;
            fn to_f64(self) -> f64 {
                let $v = self;
                $f64
            }
            fn to_f32(self) -> f32 {
                let $v = self;
                $f32
            }
            fn to_i64(self) -> i64 {
                let $v = self;
                $i64
            }
            fn to_bool(self) -> bool {
                let $v = self;
                $bool
            }
            fn from_element<T: Element>(value: T) -> $t {
                value.$to()
            }
            fn owned(values: Vec<$t>) -> ArrayData {
                ArrayData::$variant(values)
            }
            fn view(values: &[$t]) -> DataView<'_> {
                DataView::$variant(values)
            }
            fn slice(data: DataView<'_>) -> Option<&[$t]> {
                match data {
                    DataView::$variant(values) => Some(values),
                    // Every other variant holds another element type.
                    _ => None,
                }
            }
        }
    )*};
}

element! {
    f64 => F64, to_f64, |v| [v, v as f32, v as i64, v != 0.0];
    f32 => F32, to_f32, |v| [f64::from(v), v, v as i64, v != 0.0];
    i64 => I64, to_i64, |v| [v as f64, v as f32, v, v != 0];
    bool => Bool, to_bool, |v| [f64::from(u8::from(v)), f32::from(u8::from(v)), i64::from(v), v];
}

/// NumPy's `can_cast(from, to, casting="same_kind")` over the four dtypes
/// (`DType::can_cast_same_kind`, the one table, which lowering's in-place operators use too).
pub fn can_cast_same_kind(from: DType, to: DType) -> bool {
    from.can_cast_same_kind(to)
}

macro_rules! conversions {
    ($($variant:ident $t:ty),*) => {$(
        impl From<Vec<$t>> for ArrayData {
            fn from(values: Vec<$t>) -> ArrayData {
                ArrayData::$variant(values)
            }
        }

        impl<'a> From<&'a [$t]> for DataView<'a> {
            fn from(values: &'a [$t]) -> DataView<'a> {
                DataView::$variant(values)
            }
        }

        impl<'a> From<&'a Vec<$t>> for DataView<'a> {
            fn from(values: &'a Vec<$t>) -> DataView<'a> {
                DataView::$variant(values)
            }
        }

        /// Equal when the dtype is `$t`'s and the elements are equal.
        impl PartialEq<Vec<$t>> for ArrayData {
            fn eq(&self, other: &Vec<$t>) -> bool {
                matches!(self, ArrayData::$variant(values) if values == other)
            }
        }

        impl<'a, const N: usize> From<&'a [$t; N]> for DataView<'a> {
            fn from(values: &'a [$t; N]) -> DataView<'a> {
                DataView::$variant(values)
            }
        }
    )*};
}

conversions!(F64 f64, F32 f32, I64 i64, Bool bool);

impl<'a> From<&'a ArrayData> for DataView<'a> {
    fn from(data: &'a ArrayData) -> DataView<'a> {
        data.view()
    }
}

/// An array: its shape and its elements in C order.
#[derive(Debug, Clone, PartialEq)]
pub struct Array {
    pub shape: Vec<usize>,
    pub data: ArrayData,
}

impl Array {
    /// A float64 array; `None` unless `data` holds the product of `shape` elements.
    pub fn new(shape: Vec<usize>, data: Vec<f64>) -> Option<Array> {
        Array::from_data(shape, data)
    }

    /// An array of any dtype (`Vec<f64>`, `Vec<f32>`, `Vec<i64>`, `Vec<bool>` or an
    /// `ArrayData`); `None` unless `data` holds the product of `shape` elements.
    pub fn from_data(shape: Vec<usize>, data: impl Into<ArrayData>) -> Option<Array> {
        let data = data.into();
        let count = shape.iter().try_fold(1usize, |n, &e| n.checked_mul(e));
        (count == Some(data.len())).then_some(Array { shape, data })
    }

    /// A float64 scalar (shape `[]`).
    pub fn scalar(value: f64) -> Array {
        Array {
            shape: Vec::new(),
            data: ArrayData::F64(vec![value]),
        }
    }

    pub fn dtype(&self) -> DType {
        self.data.dtype()
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn view(&self) -> ArrayView<'_> {
        ArrayView::new(&self.shape, self.data.view())
    }

    /// The elements if the dtype is float64.
    pub fn as_f64(&self) -> Option<&[f64]> {
        self.data.as_f64()
    }

    /// The elements if the dtype is float32.
    pub fn as_f32(&self) -> Option<&[f32]> {
        self.data.as_f32()
    }

    /// The elements if the dtype is int64.
    pub fn as_i64(&self) -> Option<&[i64]> {
        self.data.as_i64()
    }

    /// The elements if the dtype is bool.
    pub fn as_bool(&self) -> Option<&[bool]> {
        self.data.as_bool()
    }

    /// Every element as a float64, as NumPy's `astype(float64)`.
    pub fn to_f64(&self) -> Vec<f64> {
        self.data.to_f64()
    }

    /// NumPy's `min` as a float64: NaN if any element is NaN, and NaN for an empty array.
    pub fn min(&self) -> f64 {
        self.fold(f64::INFINITY, crate::numeric::minimum)
    }

    /// NumPy's `max` as a float64: NaN if any element is NaN, and NaN for an empty array.
    pub fn max(&self) -> f64 {
        self.fold(f64::NEG_INFINITY, crate::numeric::maximum)
    }

    fn fold(&self, start: f64, step: fn(f64, f64) -> f64) -> f64 {
        if self.data.is_empty() {
            return f64::NAN;
        }
        let view = self.data.view();
        (0..view.len())
            .filter_map(|index| view.get_f64(index))
            .fold(start, step)
    }
}

/// A borrowed array, for inputs: nothing is copied into the program when its dtype is the
/// input's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArrayView<'a> {
    pub shape: &'a [usize],
    pub data: DataView<'a>,
}

impl<'a> ArrayView<'a> {
    /// A view of `data` (`&[f64]`, `&[f32]`, `&[i64]`, `&[bool]`, ...) with `shape`; the
    /// run checks that they agree.
    pub fn new(shape: &'a [usize], data: impl Into<DataView<'a>>) -> ArrayView<'a> {
        ArrayView {
            shape,
            data: data.into(),
        }
    }

    pub fn dtype(&self) -> DType {
        self.data.dtype()
    }

    pub fn to_owned(&self) -> Array {
        Array {
            shape: self.shape.to_vec(),
            data: self.data.to_owned(),
        }
    }
}

#[cfg(feature = "ndarray")]
mod with_ndarray {
    use super::{Array, ArrayView, Element};

    impl Array {
        /// The array as a float64 `ndarray` array of the same shape (copies the data,
        /// converting other dtypes as `to_f64` does).
        pub fn to_ndarray(&self) -> ndarray::ArrayD<f64> {
            ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&self.shape), self.to_f64())
                .unwrap_or_else(|_| ndarray::ArrayD::zeros(ndarray::IxDyn(&[0])))
        }

        /// The array as an `ndarray` array of its own element type, `None` unless that is
        /// `T` (copies the data).
        pub fn to_ndarray_of<T: Element>(&self) -> Option<ndarray::ArrayD<T>> {
            let values = T::slice(self.data.view())?.to_vec();
            ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&self.shape), values).ok()
        }

        /// Copies any `ndarray` array of `f64`, `f32`, `i64` or `bool` (of any memory
        /// layout) into C order.
        pub fn from_ndarray<S, D>(array: &ndarray::ArrayBase<S, D>) -> Array
        where
            S: ndarray::Data,
            S::Elem: Element,
            D: ndarray::Dimension,
        {
            Array {
                shape: array.shape().to_vec(),
                data: S::Elem::owned(array.iter().copied().collect()),
            }
        }
    }

    impl<'a> ArrayView<'a> {
        /// Borrows an `ndarray` view without copying; `None` unless it is in C (standard) order.
        pub fn from_ndarray<T: Element>(
            view: &'a ndarray::ArrayViewD<'a, T>,
        ) -> Option<ArrayView<'a>> {
            Some(ArrayView::new(view.shape(), T::view(view.as_slice()?)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_kind_casting_is_numpys_table() {
        // numpy.can_cast(a, b, "same_kind") for the four dtypes, rows from, columns to:
        // float64 float32 int64 bool.
        let expected = [
            (DType::F64, [true, true, false, false]),
            (DType::F32, [true, true, false, false]),
            (DType::I64, [true, true, true, false]),
            (DType::Bool, [true, true, true, true]),
        ];
        for (from, row) in expected {
            for (to, allowed) in DType::ALL.into_iter().zip(row) {
                assert_eq!(can_cast_same_kind(from, to), allowed, "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn casts_convert_as_astype_and_refusals_name_both_dtypes() {
        let big = DataView::I64(&[(1 << 53) + 1, -3]);
        assert_eq!(
            big.cast_same_kind(DType::F64),
            Ok(ArrayData::F64(vec![9007199254740992.0, -3.0]))
        );
        assert_eq!(
            DataView::F64(&[0.1, 1e300]).cast_same_kind(DType::F32),
            Ok(ArrayData::F32(vec![0.1f32, f32::INFINITY]))
        );
        assert_eq!(
            DataView::Bool(&[true, false]).cast_same_kind(DType::I64),
            Ok(ArrayData::I64(vec![1, 0]))
        );
        assert_eq!(
            DataView::F32(&[1.5]).cast_same_kind(DType::I64),
            Err("float32 data cannot be converted to int64 (NumPy's `same_kind` casting refuses it)"
                .to_string())
        );
        assert!(DataView::I64(&[1]).cast_same_kind(DType::Bool).is_err());
    }

    #[test]
    fn arrays_check_their_length_and_report_their_dtype() {
        assert_eq!(Array::new(vec![2, 2], vec![1.0; 3]), None);
        let ints = Array::from_data(vec![3], vec![3i64, -1, 2]).expect("3 values");
        assert_eq!(ints.dtype(), DType::I64);
        assert_eq!(ints.as_i64(), Some(&[3i64, -1, 2][..]));
        assert_eq!(ints.as_f64(), None);
        assert_eq!((ints.min(), ints.max()), (-1.0, 3.0));
        let mask = Array::from_data(vec![2], vec![true, false]).expect("2 values");
        assert_eq!(mask.view().dtype(), DType::Bool);
        assert_eq!(mask.to_f64(), vec![1.0, 0.0]);
        assert!(Array::from_data(vec![0], Vec::<f32>::new())
            .expect("empty")
            .min()
            .is_nan());
    }
}
