// Reading and writing the wire format (JSON fields with error paths, subjects, court events, snake_case names) is shared
// with the silos, which read court events from an upstream node's federation feed (src/Grains/Wire).
global using JointPunishment.Grains.Wire;

// Handlers return typed results (Results<Ok<T>, ValidationProblem, ProblemHttpResult>, …), from which the OpenAPI document reads their responses.
global using Microsoft.AspNetCore.Http.HttpResults;
