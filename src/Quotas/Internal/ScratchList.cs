using System.Collections;

namespace Glyphh.Quotas.Internal;

/// <summary>A reusable list over a growable array: the granted path's buffers, so a reservation allocates nothing.</summary>
internal class ScratchList<T> : IReadOnlyList<T>
{
    private T[] _items = new T[4];

    public int Count { get; private set; }

    public T this[int index] => (uint)index < (uint)Count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        _items[Count++] = item;
    }

    public void Clear()
    {
        // Drops references (resource names) so a pooled buffer keeps nothing alive.
        Array.Clear(_items, 0, Count);
        Count = 0;
    }

    public T[] ToArray() => _items.AsSpan(0, Count).ToArray();

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
