"""The administrators' area: services, departments and the gateway at a glance."""
