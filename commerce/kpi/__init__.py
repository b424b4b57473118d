"""The OCOP programme's KPI pages for staff: certified products against the province's targets,
expiring certificates, producers in modern channels, sales by channel, group and place."""
