//! A macro for the frozen classes that wrap a core document (`struct PyX(pub X)` where `X` is
//! `Serialize`): it adds `to_dict()`, `to_json(indent=None)`, `__hash__` and, unless the class
//! has a page of its own, `_repr_html_` (the core's view of the JSON form) to the class's
//! `#[pymethods]` block.

/// `document_methods!(PyX { ...other methods... })` writes the `#[pymethods] impl PyX` block
/// with the given methods and the common ones; `document_methods!(PyX, own_html { ... })` leaves
/// `_repr_html_` to the given methods (a class whose page the core renders).
macro_rules! document_methods {
    ($class:ident { $($items:tt)* }) => {
        document_methods!($class, own_html {
            $($items)*

            /// What Jupyter shows: every field of the JSON form, as tables.
            fn _repr_html_(&self) -> PyResult<String> {
                crate::convert::document_html(&self.0, &stringify!($class)[2..])
            }
        });
    };
    ($class:ident, own_html { $($items:tt)* }) => {
        #[pymethods]
        impl $class {
            $($items)*

            /// The value as a JSON-compatible dict (its JSON document form).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                crate::convert::to_dict(py, &self.0)
            }

            /// The value as JSON text, compact or indented by `indent` spaces.
            #[pyo3(signature = (indent=None))]
            fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
                crate::convert::to_json(&self.0, indent)
            }

            fn __hash__(&self) -> PyResult<u64> {
                crate::convert::hash_of(&self.0)
            }
        }
    };
}
