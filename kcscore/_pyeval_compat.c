/*
 * kcscore._pyeval_compat: gives C extensions built for older Pythons the PyEval_CallObject they link to.
 *
 * Python 3.13 removed PyEval_CallObject, which was only an alias of PyObject_CallObject. The
 * durable-rules 2.0.28 extension still calls it, so on 3.13 its import fails with
 * "undefined symbol: PyEval_CallObject". kcscore loads this module with RTLD_GLOBAL before importing
 * durable-rules (see kcscore/_durable_compat.py), so the dynamic linker resolves the symbol here.
 * On Pythons that still have the function the module defines nothing and is never loaded that way.
 *
 * Built against 3.13 headers, which no longer declare the function, durable-rules' call sites get an
 * implicit "int" declaration, so the object pointer they get back is cut to 32 bits. Those calls are
 * only in the storage callbacks (set_store_message_callback and its siblings, used by durable's Host);
 * kcscore drives the C API directly and never registers one (tests/engine/test_compat.py checks).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if PY_VERSION_HEX >= 0x030D0000

#if defined(__GNUC__)
#define KCSCORE_EXPORT __attribute__((visibility("default")))
#else
#define KCSCORE_EXPORT
#endif

/* Same contract as the removed function: args is a tuple or NULL, no keyword arguments. */
KCSCORE_EXPORT PyObject *PyEval_CallObject(PyObject *callable, PyObject *args);

PyObject *PyEval_CallObject(PyObject *callable, PyObject *args)
{
    return PyObject_CallObject(callable, args);
}

#define KCSCORE_BRIDGES 1
#else
#define KCSCORE_BRIDGES 0
#endif

static struct PyModuleDef pyeval_compat_module = {
    PyModuleDef_HEAD_INIT,
    "kcscore._pyeval_compat",
    "PyEval_CallObject for C extensions built for Pythons before 3.13.",
    -1,
    NULL,
};

PyMODINIT_FUNC PyInit__pyeval_compat(void)
{
    PyObject *module = PyModule_Create(&pyeval_compat_module);
    if (module != NULL && PyModule_AddIntConstant(module, "BRIDGES", KCSCORE_BRIDGES) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
