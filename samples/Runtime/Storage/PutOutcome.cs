namespace Glyphh.Runtime.Storage;

/// <summary>Result of a glyph write.</summary>
internal enum PutOutcome
{
    Created,
    Replaced,
    ModelNotFound,
}
