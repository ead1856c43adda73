"""How the course's colours look to a colour-blind learner, and how far apart two colours look.

Simulation: Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of
color vision deficiency", IEEE TVCG 15(6); their matrices for severity 1 (the full dichromacy:
protanopia, deuteranopia, tritanopia), applied to linear RGB (sRGB decoded), as in their paper.
Distance: CIEDE2000 (Sharma, Wu & Dalal 2005) and CIE76 in CIELAB under D65. Pure numpy: no
streamlit, so tests and the screenshot script import it.

    simulate_hex("#2a9d8f", "deuteranopia")     # the colour a deuteranope sees, as hex
    simulate_image(rgb_uint8, "protanopia")      # an (H, W, 3) or (H, W, 4) uint8 image, converted
    delta_e2000("#2a9d8f", "#7b3fe4")            # how far apart two colours look
"""

from __future__ import annotations

import numpy as np

# Machado et al. 2009, Table 1, severity 1.0 (linear RGB in, linear RGB out).
MACHADO: dict[str, np.ndarray] = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
VISIONS = tuple(MACHADO)  # "normal" first, then the three dichromacies

_RGB_TO_XYZ = np.array(  # linear sRGB -> CIE XYZ, D65
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
_WHITE = _RGB_TO_XYZ.sum(axis=1)  # D65 white point, Y = 1


def hex_to_rgb(colour: str) -> np.ndarray:
    """'#2a9d8f' or '#abc' as three floats in [0, 1] (sRGB, gamma-encoded)."""
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255.0


def rgb_to_hex(rgb: np.ndarray) -> str:
    r, g, b = (int(round(float(c) * 255)) for c in np.clip(rgb, 0, 1))
    return f"#{r:02x}{g:02x}{b:02x}"


def to_linear(srgb: np.ndarray) -> np.ndarray:
    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def to_srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(np.asarray(linear, dtype=float), 0, 1)
    return np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)


def simulate_rgb(srgb: np.ndarray, vision: str) -> np.ndarray:
    """sRGB floats in [0, 1], shape (..., 3), as seen with ``vision`` (one of VISIONS)."""
    lin = to_linear(srgb)  # (..., 3)
    return to_srgb(lin @ MACHADO[vision].T)


def simulate_hex(colour: str, vision: str) -> str:
    return rgb_to_hex(simulate_rgb(hex_to_rgb(colour), vision))


def simulate_image(image: np.ndarray, vision: str) -> np.ndarray:
    """A uint8 image, (H, W, 3) or (H, W, 4), as seen with ``vision``; alpha is kept as it is."""
    out = image.copy()
    rgb = image[..., :3].astype(float) / 255.0  # (H, W, 3)
    out[..., :3] = np.round(simulate_rgb(rgb, vision) * 255).astype(np.uint8)
    return out


def over(colour: str, background: str, alpha: float) -> str:
    """``colour`` painted with opacity ``alpha`` over ``background`` (blended in sRGB, as browsers do)."""
    return rgb_to_hex(alpha * hex_to_rgb(colour) + (1 - alpha) * hex_to_rgb(background))


def rgb_to_lab(srgb: np.ndarray) -> np.ndarray:
    """sRGB floats in [0, 1], shape (..., 3), as CIELAB (L in 0..100), D65."""
    xyz = to_linear(srgb) @ _RGB_TO_XYZ.T / _WHITE  # (..., 3), normalised to the white point
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def _lab(colour: str | np.ndarray) -> np.ndarray:
    return rgb_to_lab(hex_to_rgb(colour) if isinstance(colour, str) else np.asarray(colour, dtype=float))


def delta_e76(a: str | np.ndarray, b: str | np.ndarray) -> float:
    """CIE76: the straight distance in CIELAB (about 2.3 is a just-noticeable difference)."""
    return float(np.linalg.norm(_lab(a) - _lab(b)))


def delta_e2000_lab(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 between CIELAB arrays of shape (..., 3) (kL = kC = kH = 1)."""
    L1, a1, b1 = np.moveaxis(np.asarray(lab1, dtype=float), -1, 0)
    L2, a2, b2 = np.moveaxis(np.asarray(lab2, dtype=float), -1, 0)
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dl, dc = L2 - L1, c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1p * c2p == 0, 0, dh)
    dH = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, cp_bar = (L1 + L2) / 2, (c1p + c2p) / 2
    h_sum = h1p + h2p
    h_bar = np.where(np.abs(h1p - h2p) > 180, np.where(h_sum < 360, h_sum + 360, h_sum - 360), h_sum) / 2
    h_bar = np.where(c1p * c2p == 0, h_sum, h_bar)
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = (
        -2 * np.sqrt(cp_bar**7 / (cp_bar**7 + 25.0**7)) * np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2))))
    )
    return np.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (dH / s_h) ** 2 + r_t * (dc / s_c) * (dH / s_h))


def delta_e2000(a: str | np.ndarray, b: str | np.ndarray) -> float:
    """CIEDE2000 between two colours (hex or sRGB floats): about 1 is just noticeable."""
    return float(delta_e2000_lab(_lab(a), _lab(b)))


def seen_distance(a: str, b: str, vision: str) -> float:
    """CIEDE2000 between ``a`` and ``b`` as a learner with ``vision`` sees them."""
    return delta_e2000(simulate_hex(a, vision), simulate_hex(b, vision))
