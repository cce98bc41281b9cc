namespace Glyphh.Runtime.Storage;

/// <summary>One versioned schema step.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
