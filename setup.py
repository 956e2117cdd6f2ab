"""Build kcscore's one compiled module; everything else about the package is in pyproject.toml.

``kcscore._pyeval_compat`` provides ``PyEval_CallObject`` (removed in Python 3.13) to the
durable-rules C extension; see kcscore/_pyeval_compat.c. A C compiler is already needed
to build durable-rules itself.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("kcscore._pyeval_compat", sources=["kcscore/_pyeval_compat.c"])])
