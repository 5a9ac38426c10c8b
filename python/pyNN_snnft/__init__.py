# SPDX-License-Identifier: MIT
"""pyNN.snnft: the snnft backend under PyNN's package, as `import pyNN.snnft as sim`.

cmake --install puts this file in PyNN's own package folder (pyNN/snnft/__init__.py); the
backend itself is snnft.pynn, which this module then is.
"""
import sys

import snnft.pynn as _backend

sys.modules[__name__] = _backend
