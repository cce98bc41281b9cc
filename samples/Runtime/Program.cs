using Glyphh.Runtime.Hosting;

return await RuntimeApp.RunAsync(args);

/// <summary>Entry point (visible to the tests).</summary>
public partial class Program;
