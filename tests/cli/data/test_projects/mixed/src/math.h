#pragma once

namespace mixed {
int add(int a, int b);
}
