"""Streamlit pieces shared by the lessons: course map, control panels, live training, charts."""
