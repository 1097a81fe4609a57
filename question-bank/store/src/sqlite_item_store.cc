#include "khaothi/store/item_store.h"
