"""Finding quantities and turning them into targets."""
