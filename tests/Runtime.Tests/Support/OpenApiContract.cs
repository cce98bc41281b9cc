// The contract check moved to TestSupport (the license server's tests use it too); this keeps the runtime tests' name.
global using OpenApiContract = Glyphh.TestSupport.OpenApiContract;
