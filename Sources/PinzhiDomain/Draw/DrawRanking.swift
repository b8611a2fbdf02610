/// The `count` best-ranked of the draw's keys (larger key first, smaller id on equal keys), kept in a heap as the keys
/// arrive: the same answer as sorting every key and taking the first `count`, without sorting hundreds of thousands
/// of keys to keep a few hundred.
struct DrawRanking {
    typealias Entry = (key: Double, id: Int64)
    let count: Int
    /// A heap whose root is the worst entry kept.
    private var heap: [Entry] = []

    init(count: Int) {
        self.count = max(count, 0)
        heap.reserveCapacity(min(self.count, 1 << 16))
    }

    static func ranksAhead(_ a: Entry, _ b: Entry) -> Bool { a.key != b.key ? a.key > b.key : a.id < b.id }

    mutating func offer(_ entry: Entry) {
        guard count > 0 else { return }
        if heap.count < count {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if Self.ranksAhead(entry, heap[0]) {
            heap[0] = entry
            siftDown(0)
        }
    }

    /// The ids kept, best first.
    var selected: [Int64] { heap.sorted(by: Self.ranksAhead).map(\.id) }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.ranksAhead(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var worst = parent
            let left = 2 * parent + 1, right = left + 1
            if left < heap.count && Self.ranksAhead(heap[worst], heap[left]) { worst = left }
            if right < heap.count && Self.ranksAhead(heap[worst], heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
