#pragma once
// The object type of the core's JSON: like nlohmann's ordered_map (keys kept in the order they were
// written, looked up by a linear scan), but stored as pairs whose key is not const. A vector of
// pair<const Key, T> cannot move its elements, so every growth of an object (each key added past
// the capacity, while parsing too) deep-copied every value already in it; this vector moves them.
#include <functional>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace moodle_sync {

template <class Key, class T, class IgnoredLess = std::less<Key>, class IgnoredAllocator = std::allocator<std::pair<const Key, T>>>
struct movable_ordered_map : std::vector<std::pair<Key, T>> {
  using key_type = Key;
  using mapped_type = T;
  using Container = std::vector<std::pair<Key, T>>;
  using iterator = typename Container::iterator;
  using const_iterator = typename Container::const_iterator;
  using size_type = typename Container::size_type;
  using value_type = typename Container::value_type;
  using key_compare = std::equal_to<>;

  movable_ordered_map() noexcept(noexcept(Container())) : Container{} {}
  template <class It>
  movable_ordered_map(It first, It last) : Container{first, last} {}
  movable_ordered_map(std::initializer_list<value_type> init) : Container{init} {}

  template <class KeyType>
  std::pair<iterator, bool> emplace(KeyType&& key, T&& t) {
    for (auto it = this->begin(); it != this->end(); ++it) {
      if (it->first == key) return {it, false};
    }
    Container::emplace_back(std::forward<KeyType>(key), std::forward<T>(t));
    return {std::prev(this->end()), true};
  }

  template <class KeyType>
  T& operator[](KeyType&& key) { return emplace(std::forward<KeyType>(key), T{}).first->second; }
  template <class KeyType>
  const T& operator[](KeyType&& key) const { return at(std::forward<KeyType>(key)); }

  template <class KeyType>
  T& at(KeyType&& key) {
    auto it = find(key);
    if (it == this->end()) throw std::out_of_range("key not found");
    return it->second;
  }
  template <class KeyType>
  const T& at(KeyType&& key) const {
    auto it = find(key);
    if (it == this->end()) throw std::out_of_range("key not found");
    return it->second;
  }

  template <class KeyType, typename = std::enable_if_t<!std::is_same<std::decay_t<KeyType>, iterator>::value &&
                                                       !std::is_same<std::decay_t<KeyType>, const_iterator>::value>>
  size_type erase(KeyType&& key) {
    auto it = find(key);
    if (it == this->end()) return 0;
    Container::erase(it);
    return 1;
  }
  iterator erase(iterator pos) { return Container::erase(pos); }
  iterator erase(iterator first, iterator last) { return Container::erase(first, last); }

  template <class KeyType>
  size_type count(KeyType&& key) const { return find(key) == this->end() ? 0 : 1; }

  template <class KeyType>
  iterator find(KeyType&& key) {
    for (auto it = this->begin(); it != this->end(); ++it) {
      if (it->first == key) return it;
    }
    return this->end();
  }
  template <class KeyType>
  const_iterator find(KeyType&& key) const {
    for (auto it = this->begin(); it != this->end(); ++it) {
      if (it->first == key) return it;
    }
    return this->end();
  }

  std::pair<iterator, bool> insert(value_type&& value) { return emplace(std::move(value.first), std::move(value.second)); }
  std::pair<iterator, bool> insert(const value_type& value) {
    auto it = find(value.first);
    if (it != this->end()) return {it, false};
    Container::push_back(value);
    return {std::prev(this->end()), true};
  }
  template <typename InputIt, typename = std::enable_if_t<std::is_convertible<typename std::iterator_traits<InputIt>::iterator_category, std::input_iterator_tag>::value>>
  void insert(InputIt first, InputIt last) {
    for (auto it = first; it != last; ++it) insert(*it);
  }
};

}  // namespace moodle_sync
